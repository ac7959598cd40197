# Inbound calls to the main line go to the front desk.
resource "sendblue_line_call_forwarding" "main" {
  sendblue_number   = "+12125550101"
  forwarding_number = "+16692138010"
}
