-- POST /api/leads/{id}/events: one new event per request (unique id), spread over LEADS stored leads;
-- each request stores the event, re-scores the lead and stores the new score.
local thread_seq = 0
function setup(thread)
  thread_seq = thread_seq + 1
  thread:set("tid", thread_seq)
end

local leads = tonumber(os.getenv("LEADS") or "200")
local run = os.getenv("RUN_ID") or "run"
local at = os.getenv("EVENT_TIME")
local kinds = {
  '"type":"page_view","properties":{"path":"/blog/post"}', '"type":"email_open"', '"type":"email_click"',
  '"type":"page_view","properties":{"path":"/pricing"}', '"type":"webinar_attended"',
  '"type":"content_download","properties":{"asset":"whitepaper"}' }
local counter = 0
-- PATH_PREFIX: /api/leads/ (ingestion) or /api/bench/leads/ (the bare insert, as the limit)
local prefix = os.getenv("PATH_PREFIX") or "/api/leads/"
local headers = { ["Content-Type"] = "application/json", ["X-API-Key"] = os.getenv("API_KEY") }

request = function()
  counter = counter + 1
  local lead = "bench-" .. ((counter * 31 + tid * 7) % leads)
  local body = '[{"id":"' .. run .. '-' .. tid .. '-' .. counter .. '",' .. kinds[(counter % #kinds) + 1]
    .. ',"occurredAt":"' .. at .. '"}]'
  return wrk.format("POST", prefix .. lead .. "/events", headers, body)
end
