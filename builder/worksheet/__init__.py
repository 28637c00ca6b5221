"""The 数据核对表: a spreadsheet a county fills in with its real figures and offices (write.py), read
back, checked (read.py, check.py) and written into policies/ (apply.py). Rows and columns: table.py."""
