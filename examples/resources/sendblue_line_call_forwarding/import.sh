# A line's call forwarding is imported by the line's number (E.164).
terraform import sendblue_line_call_forwarding.main "+12125550101"
