-- wrk script: GET CHECK_IN_PATH (default /bundles; bench/fleet.sh also runs it with
-- /api/devices/v1/updates, and with /health/live, which ignores the key, as the like-for-like
-- reference) as device after device (keys of bench/fleet-seed.sql), the two wrk threads taking
-- alternate devices out of DEVICES (default 100,000).
-- Each thread writes its devices' requests once, in init, and hands them out in turn: building a
-- request per request cost wrk about 2.5 us of the 2 cores it shares with the server (measured
-- against plain wrk, whose request is built once), and this way costs it what plain wrk costs.
devices = tonumber(os.getenv("DEVICES") or "100000")
path = os.getenv("CHECK_IN_PATH") or "/bundles"
counter = 0
next_offset = 0

function setup(thread)
  thread:set("counter", next_offset)
  next_offset = next_offset + 1
end

function init(args)
  requests = {}
  local n = counter
  repeat
    n = n + 2
    requests[#requests + 1] = wrk.format("GET", path,
      { ["Authorization"] = "Bearer bench-key-" .. string.format("%033d", (n % devices) + 1) })
  until (n - counter) % devices == 0
  total = #requests
  index = 0
end

function request()
  index = index % total + 1
  return requests[index]
end
