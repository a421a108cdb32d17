-- wrk script: GET CHECK_IN_PATH (default /bundles; bench/fleet.sh also runs it with
-- /api/devices/v1/updates, and with /health/live, which ignores the key, as the like-for-like
-- reference) as device after device (keys of bench/fleet-seed.sql), the two wrk threads taking
-- alternate devices out of DEVICES (default 100,000).
devices = tonumber(os.getenv("DEVICES") or "100000")
path = os.getenv("CHECK_IN_PATH") or "/bundles"
counter = 0
next_offset = 0

function setup(thread)
  thread:set("counter", next_offset)
  next_offset = next_offset + 1
end

function request()
  counter = counter + 2
  local n = (counter % devices) + 1
  return wrk.format("GET", path, { ["Authorization"] = "Bearer bench-key-" .. string.format("%033d", n) })
end
