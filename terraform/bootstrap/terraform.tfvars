billing_emails    = ["billing@calcapp.com"]
github_repository = "calcapp/calcapp"
