-- wrk script: every device of bench/fleet-seed.sql checks in once (the two wrk threads take
-- alternate devices), then the thread stops; run with a long -d as an upper bound.
devices = tonumber(os.getenv("DEVICES") or "100000")
counter = 0
next_offset = 0

function setup(thread)
  thread:set("counter", next_offset)
  next_offset = next_offset + 1
end

function request()
  counter = counter + 2
  local n = counter - 1
  if n > devices then n = devices end
  return wrk.format("GET", "/bundles", { ["Authorization"] = "Bearer bench-key-" .. string.format("%033d", n) })
end

function response(status, headers, body)
  if counter > devices then wrk.thread:stop() end
end
