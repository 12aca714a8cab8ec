/**
 * A per-request object made on first use. Some objects cost more than a fast request (a pino child
 * logger, an EntityManager fork) and most requests never touch them: `lazy(shape, make)` answers a
 * stand-in that calls `make()` when it is first used and from then on hands every property read,
 * write and `in` test to what `make()` returned. `shape` is an object of the same kind, so
 * `instanceof` and the prototype answer as they would for the real one; it is never changed.
 */
export function lazy<T extends object>(shape: T, make: () => T): T {
  let made: T | undefined;
  const real = () => (made ??= make());
  return new Proxy(shape, {
    get(_shape, key) {
      const target = real();
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set: (_shape, key, value) => Reflect.set(real(), key, value),
    has: (_shape, key) => Reflect.has(real(), key),
  });
}
