/**
 * rate-limiter-flexible's classes, each imported from its own file: the package's index also loads
 * RateLimiterCluster, which requires `node:cluster`, and Passenger prints a stack trace for every
 * process that requires it (its shim warns that the module is incompatible). The types are the
 * package's own.
 */
declare module 'rate-limiter-flexible/lib/RateLimiterMemory.js' {
  import { RateLimiterMemory } from 'rate-limiter-flexible';
  export default RateLimiterMemory;
}
declare module 'rate-limiter-flexible/lib/RateLimiterRes.js' {
  import { RateLimiterRes } from 'rate-limiter-flexible';
  export default RateLimiterRes;
}
declare module 'rate-limiter-flexible/lib/RateLimiterMySQL.js' {
  import { RateLimiterMySQL } from 'rate-limiter-flexible';
  export default RateLimiterMySQL;
}
declare module 'rate-limiter-flexible/lib/RateLimiterPostgres.js' {
  import { RateLimiterPostgres } from 'rate-limiter-flexible';
  export default RateLimiterPostgres;
}
declare module 'rate-limiter-flexible/lib/RateLimiterSQLite.js' {
  import { RateLimiterSQLite } from 'rate-limiter-flexible';
  export default RateLimiterSQLite;
}
declare module 'rate-limiter-flexible/lib/RateLimiterRedis.js' {
  import { RateLimiterRedis } from 'rate-limiter-flexible';
  export default RateLimiterRedis;
}
