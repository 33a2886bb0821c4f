import type { D1Migration } from "cloudflare:test";
import type { Env as AppBindings } from "../src/env";

declare global {
  namespace Cloudflare {
    interface Env extends AppBindings {
      TEST_MIGRATIONS: D1Migration[];
      PROPERTY_RUNS: string;
      PROPERTY_SEED: string;
      PROPERTY_PATH: string;
    }
    /** Types `exports.default` from `cloudflare:workers` as the Worker's own entry. */
    interface GlobalProps {
      mainModule: typeof import("../src/index");
    }
  }
}
