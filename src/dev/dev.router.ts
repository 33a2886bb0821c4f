import { createRouter } from "../lib/openapi";
import { type Deliver, simulate } from "./dev.handlers";
import * as routes from "./dev.routes";

/** Local only (404 unless devToolsEnabled): `deliver` hands the simulated webhook to the whole app. */
export const devRouter = (deliver: Deliver) => createRouter().openapi(routes.simulate, simulate(deliver));
