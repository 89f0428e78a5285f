// Run first thing in <body>, before the page is drawn, so that components styled for
// JavaScript (the mobile menu) do not flash. Same test as GOV.UK Frontend's page template.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
