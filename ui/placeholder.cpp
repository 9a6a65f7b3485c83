// Widgets come with the wizard issue.
