# A webhook is imported by "<type>:<url>".
terraform import sendblue_webhook.outbound "outbound:https://hooks.example.com/sendblue/outbound"

# A bare URL means the receive type.
terraform import sendblue_webhook.inbound "https://hooks.example.com/sendblue/inbound"
