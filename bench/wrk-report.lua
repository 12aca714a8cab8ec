-- Prints wrk's summary as one JSON line (latencies in microseconds), for bench/load.ts to parse.
-- With WRK_METHOD set, every request is that method with WRK_BODY, where {n} becomes a value unique
-- to the run, the thread and the request (WRK_NONCE-thread-counter), and WRK_AUTH as Authorization.
local method = os.getenv('WRK_METHOD')
local body = os.getenv('WRK_BODY')
local auth = os.getenv('WRK_AUTH')
local nonce = os.getenv('WRK_NONCE') or ''
local threads = 0

setup = function(thread)
  threads = threads + 1
  thread:set('thread_id', threads)
end

if method then
  local counter = 0
  request = function()
    counter = counter + 1
    local headers = { ['Content-Type'] = 'application/json' }
    if auth then headers['Authorization'] = auth end
    local text = body and string.gsub(body, '{n}', nonce .. '-' .. tostring(thread_id) .. '-' .. counter)
    return wrk.format(method, nil, headers, text)
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"durationUs":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
      '"latencyUs":{"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"max":%d}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
