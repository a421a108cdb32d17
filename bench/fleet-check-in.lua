-- wrk script: GET /bundles as device after device (keys of bench/fleet-seed.sql), the two wrk
-- threads taking alternate devices out of DEVICES (default 100,000).
devices = tonumber(os.getenv("DEVICES") or "100000")
counter = 0
next_offset = 0

function setup(thread)
  thread:set("counter", next_offset)
  next_offset = next_offset + 1
end

function request()
  counter = counter + 2
  local n = (counter % devices) + 1
  return wrk.format("GET", "/bundles", { ["Authorization"] = "Bearer bench-key-" .. string.format("%033d", n) })
end
