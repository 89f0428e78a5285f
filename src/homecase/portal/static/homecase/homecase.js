// Starts GOV.UK Frontend's components. Loaded as a module, so browsers that cannot run it
// get the plain HTML, which works on its own.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();
