-- wrk script for bench/public.py: GET as is, or POST pre-made bodies (each used once).
-- Arguments after "--": mode ("get"|"post"), bodies file, cookie, wrk thread count, path.
-- Thread n of T sends lines n, n+T, n+2T … of the bodies file, so no body is sent twice.
-- done() prints one line "WRKJSON {...}" with the counts and latency percentiles.

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end

function init(args)
  mode = args[1]
  c200, c303, cother, exhausted = 0, 0, 0, 0
  if mode == "post" then
    local nthreads = tonumber(args[4])
    cookie = args[3]
    path = args[5]
    bodies = {}
    local i = 0
    for line in io.lines(args[2]) do
      if i % nthreads == tid - 1 then bodies[#bodies + 1] = line end
      i = i + 1
    end
    idx = 0
  end
end

function request()
  if mode ~= "post" then
    return wrk.request()
  end
  idx = idx + 1
  local body = bodies[idx]
  if body == nil then
    exhausted = exhausted + 1
    return wrk.format("GET", "/__bodies_exhausted__")
  end
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
  }, body)
end

function response(status, headers, body)
  if status == 200 then
    c200 = c200 + 1
  elseif status == 303 then
    c303 = c303 + 1
  else
    cother = cother + 1
  end
end

function done(summary, latency, requests)
  local t200, t303, tother, texh = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    t200 = t200 + t:get("c200")
    t303 = t303 + t:get("c303")
    tother = tother + t:get("cother")
    texh = texh + t:get("exhausted")
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"s200": %d, "s303": %d, "other": %d, "exhausted": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, t200, t303, tother, texh,
    e.connect, e.read, e.write, e.status, e.timeout))
end
