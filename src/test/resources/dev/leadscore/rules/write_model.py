"""Writes a model's tables the way an analyst's script would, with openpyxl: numeric buckets on a
seconds field, two CRM-field conditions in one row, an "is empty" row, a value group, base points.
Usage: python3 write_model.py <folder>"""
import os
import sys

import openpyxl


def table(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, kind, headers, rows in sheets:
        ws = wb.create_sheet(title)
        ws.append(["Table", kind])
        ws.append(["Notes", "written by a script"])
        ws.append([])
        ws.append(headers)
        for row in rows:
            ws.append(row)
    wb.save(path)


out = sys.argv[1]
os.makedirs(out, exist_ok=True)
table(os.path.join(out, "fit.xlsx"), [("Fit", "Fit",
    ["Rule", "CRM field seconds_on_site from", "CRM field seconds_on_site below",
     "CRM field occupation is any of", "CRM field lead_source is any of", "Points", "Reason shown to sales"],
    [["Long visit", 600, None, None, None, 20, "Spent 10+ minutes on the website"],
     ["Medium visit", 120, 600, None, None, 10, "Spent 2-10 minutes on the website"],
     ["Professional referral", None, None, "professional", "Referral, Partner", 15, "A professional who came by referral"]])])
table(os.path.join(out, "negative.xlsx"), [("Profile negatives", "Profile negatives",
    ["Rule", "CRM field do_not_email is any of", "CRM field last_activity is empty", "Points", "Reason shown to sales",
     "Disqualifies"],
    [["Do not email", "yes", None, -20, "Asked not to be e-mailed", None],
     ["No activity recorded", None, "yes", -5, "No last activity in the CRM", None]])])
table(os.path.join(out, "groups.xlsx"), [("Groups", "Value groups", ["Field", "Group", "Values"],
    [["CRM field occupation", "professional", "Working Professional, Businessman"]])])
table(os.path.join(out, "thresholds.xlsx"), [
    ("Settings", "Settings", ["Setting", "Value", "Meaning"],
     [["MQL minimum fit", 50, "An MQL needs at least this fit"], ["MQL minimum engagement", 0, "No engagement needed"],
      ["Base fit points", 40, "Every lead starts with 40 fit points"]]),
    ("Bands", "Bands", ["Band", "Total from", "Total up to", "What sales does"],
     [["Hot", 76, 100, "Call now"], ["Warm", 51, 75, "Call today"], ["Developing", 26, 50, "Nurture"],
      ["Cold", 0, 25, "No outreach"]])])
