// Copies GOV.UK Frontend's script (the browser bundle) and MOJ Frontend's icons into
// static/build/, where Django's staticfiles (and whitenoise in production) serve them.
// GOV.UK's own images (crown, crest, favicon) belong to GOV.UK's domain and are left out.
import { cpSync, mkdirSync } from "node:fs";

const out = "static/build";
mkdirSync(`${out}/assets/images`, { recursive: true });
cpSync("node_modules/govuk-frontend/dist/govuk/all.bundle.js", `${out}/govuk-frontend.js`);
cpSync("node_modules/@ministryofjustice/frontend/moj/assets/images", `${out}/assets/images`, {
  recursive: true,
  filter: (source) => !/crest|crown|logotype/.test(source),
});
