-- Prints wrk's summary as one JSON line (latencies in microseconds), for bench/load.ts to parse.
-- With WRK_PATH set, every request asks for that path with each {r} replaced by a whole number drawn
-- at random from WRK_RANGE ("low:high", inclusive), as clients ask for different keys.
-- With WRK_METHOD set, every request is that method with WRK_BODY, where {n} becomes a value unique
-- to the run, the thread and the request (WRK_NONCE-thread-counter), and WRK_AUTH as Authorization.
local method = os.getenv('WRK_METHOD')
local body = os.getenv('WRK_BODY')
local auth = os.getenv('WRK_AUTH')
local nonce = os.getenv('WRK_NONCE') or ''
local template = os.getenv('WRK_PATH')
local low, high = string.match(os.getenv('WRK_RANGE') or '1:1', '^(%d+):(%d+)$')
low, high = tonumber(low), tonumber(high)
local threads = 0

setup = function(thread)
  threads = threads + 1
  thread:set('thread_id', threads)
end

init = function()
  -- Each thread has its own Lua state: a different seed per thread and per run.
  local salt = tonumber(string.sub(nonce, 1, 6), 16) or 0
  math.randomseed(os.time() * 1000 + salt + (thread_id or 0))
end

if method or template then
  local counter = 0
  local headers = { ['Content-Type'] = method and 'application/json' or nil, ['Authorization'] = auth }
  request = function()
    counter = counter + 1
    local path = template and string.gsub(template, '{r}', function() return tostring(math.random(low, high)) end)
    local text = body and string.gsub(body, '{n}', nonce .. '-' .. tostring(thread_id) .. '-' .. counter)
    return wrk.format(method or 'GET', path, headers, text)
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
