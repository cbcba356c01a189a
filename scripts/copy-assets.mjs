// Copies GOV.UK Frontend's script (the browser bundle) and MOJ Frontend's icons into
// static/build/, where Django's staticfiles (and whitenoise in production) serve them.
// GOV.UK's own images (crown, crest, favicon) belong to GOV.UK's domain and are left out.
import { cpSync, mkdirSync } from "node:fs";

const out = "static/build";
mkdirSync(`${out}/assets/images`, { recursive: true });
mkdirSync(`${out}/govuk-frontend`, { recursive: true });
for (const file of ["all.bundle.js", "all.bundle.js.map"]) {
  cpSync(`node_modules/govuk-frontend/dist/govuk/${file}`, `${out}/govuk-frontend/${file}`);
}
cpSync("node_modules/@ministryofjustice/frontend/moj/assets/images", `${out}/assets/images`, {
  recursive: true,
  filter: (source) => !/crest|crown|logotype/.test(source),
});
