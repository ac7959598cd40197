# The import ID is always "account": the account of the provider's credentials.
terraform import sendblue_account_webhooks.all account
