// Runs at the end of <body>: marks the page as able to run GOV.UK Frontend's
// scripts, then starts its components. Kept out of the HTML for the CSP.
document.body.classList.add("govuk-frontend-supported");
window.GOVUKFrontend.initAll();
