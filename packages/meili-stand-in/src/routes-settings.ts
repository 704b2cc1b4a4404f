import { MeiliError, unsupported } from "./errors.js";
import type { JsonObject } from "./json.js";
import type { Route } from "./router.js";
import type { SettingsPatch } from "./settings.js";
import {
  SETTING_ROUTES,
  settingsView,
  settingValue,
  UNSUPPORTED_SETTING_ROUTES,
  validateSetting,
  validateSettingsBody,
} from "./settings.js";

const RESET_ALL: SettingsPatch = {
  displayedAttributes: null,
  searchableAttributes: null,
  filterableAttributes: null,
  sortableAttributes: null,
  rankingRules: null,
  pagination: null,
  faceting: null,
};

export const settingsRoutes: Route[] = [
  {
    method: "GET",
    path: "/indexes/:uid/settings",
    action: "settings.get",
    handler: ({ engine, params }) => ({
      status: 200,
      body: settingsView(engine.index(params.uid as string).settings),
    }),
  },
  {
    method: "PATCH",
    path: "/indexes/:uid/settings",
    action: "settings.update",
    handler: async ({ engine, params, body }) => {
      const uid = params.uid as string;
      const patch = validateSettingsBody(await body());
      const summary = engine.tasks.enqueue(uid, "settingsUpdate", patch as JsonObject, () => {
        engine.indexOrCreate(uid).updateSettings(patch);
        return undefined;
      });
      return { status: 202, body: summary };
    },
  },
  {
    method: "DELETE",
    path: "/indexes/:uid/settings",
    action: "settings.update",
    handler: ({ engine, params }) => {
      const uid = params.uid as string;
      const summary = engine.tasks.enqueue(
        uid,
        "settingsUpdate",
        { ...RESET_ALL } as JsonObject,
        () => {
          engine.indexOrCreate(uid).updateSettings(RESET_ALL);
          return undefined;
        },
      );
      return { status: 202, body: summary };
    },
  },
  ...(["GET", "PUT", "PATCH", "DELETE"] as const).map(
    (method): Route => ({
      method,
      path: "/indexes/:uid/settings/:setting",
      action: method === "GET" ? "settings.get" : "settings.update",
      handler: async ({ engine, params, body }) => {
        const uid = params.uid as string;
        const segment = params.setting as string;
        if (UNSUPPORTED_SETTING_ROUTES.includes(segment))
          throw unsupported(`the \`${segment}\` setting`);
        const route = SETTING_ROUTES[segment];
        const wrongMethod = method !== "GET" && method !== "DELETE" && route?.method !== method;
        if (!route || wrongMethod) {
          throw new MeiliError(
            404,
            "not_found",
            `Route \`${method} /indexes/${uid}/settings/${segment}\` does not exist.`,
          );
        }
        if (method === "GET")
          return { status: 200, body: settingValue(engine.index(uid).settings, route.name) };
        const value = method === "DELETE" ? null : validateSetting(route.name, await body(), "");
        const patch: SettingsPatch = { [route.name]: value };
        const summary = engine.tasks.enqueue(uid, "settingsUpdate", patch as JsonObject, () => {
          engine.indexOrCreate(uid).updateSettings(patch);
          return undefined;
        });
        return { status: 202, body: summary };
      },
    }),
  ),
];
