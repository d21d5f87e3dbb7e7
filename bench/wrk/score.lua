-- POST /api/score: a VP at a SaaS company with 10 recent events (stateless, nothing stored)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = os.getenv("API_KEY")
local at = os.getenv("EVENT_TIME")
local kinds = {
  '"type":"page_view","properties":{"path":"/pricing"}', '"type":"page_view","properties":{"path":"/blog/a"}',
  '"type":"email_open"', '"type":"email_click"', '"type":"webinar_attended"',
  '"type":"form_submit","properties":{"form":"demo_request"}', '"type":"content_download","properties":{"asset":"case_study"}',
  '"type":"page_view","properties":{"path":"/blog/b"}', '"type":"email_open"', '"type":"page_view","properties":{"path":"/docs"}' }
local events = {}
for i, k in ipairs(kinds) do
  events[i] = '{"id":"e' .. i .. '",' .. k .. ',"occurredAt":"' .. at .. '"}'
end
wrk.body = '{"model":"sales-led","lead":{"email":"pat@acme.io","title":"VP Sales","country":"US",'
  .. '"company":{"name":"Acme","industry":"SaaS","employees":200,"techStack":["Salesforce"]}},'
  .. '"events":[' .. table.concat(events, ",") .. ']}'
