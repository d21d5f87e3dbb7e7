"""Opens each workbook with openpyxl and saves it again, changing nothing. Usage: resave.py <in> <out>"""
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
wb.save(sys.argv[2])
