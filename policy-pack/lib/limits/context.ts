/**
 * What a limit check works with: the findings it reports and the context that reads one resource's
 * (possibly proxied, possibly unknown) inputs and collects those findings.
 */
import { asNumber, at, UNKNOWN } from "../known-values";

/** "error": AWS or Pulumi rejects it at deploy time. "warning": accepted, but likely a mistake. */
export type LimitSeverity = "error" | "warning";

export interface LimitFinding {
    readonly resourceUrn?: string;
    readonly type: string;
    /** Property path, e.g. `healthCheck.timeout` or `containerDefinitions[0].stopTimeout`. */
    readonly property: string;
    /** Says what is wrong and what is allowed; never quotes a string property value. */
    readonly message: string;
    readonly severity: LimitSeverity;
}

export interface LimitEvaluation {
    readonly findings: readonly LimitFinding[];
    /** Properties a check needed that are unknown (preview); those checks were skipped. */
    readonly unknownProperties: readonly string[];
}

/** Collects findings for one resource and reads its (possibly proxied) inputs safely. */
export class LimitContext {
    readonly findings: LimitFinding[] = [];
    readonly unknownProperties: string[] = [];

    constructor(
        readonly type: string,
        readonly props: Record<string, unknown>,
        readonly name: string,
        readonly urn?: string,
    ) {}

    /** The value at a dotted path; unknowns are noted and returned as UNKNOWN. */
    value(path: string, from: unknown = this.props, label = path): unknown {
        const v = at(from, ...path.split("."));
        if (v === UNKNOWN) this.unknown(label);
        return v;
    }

    /** A number at a path; unknown/absent/non-numeric give undefined (non-numeric is an error). */
    number(path: string, from: unknown = this.props, label = path): number | undefined {
        const v = this.value(path, from, label);
        if (v === UNKNOWN || v === undefined || v === null) return undefined;
        const n = asNumber(v);
        if (n === undefined) this.error(label, "is not a number.");
        return n;
    }

    /** Reports a number at `path` outside [min, max]. */
    range(path: string, min: number, max: number, from: unknown = this.props, label = path): number | undefined {
        const n = this.number(path, from, label);
        if (n !== undefined && (n < min || n > max)) this.error(label, `is ${n}; allowed ${min}-${max}.`);
        return n;
    }

    unknown(property: string): void {
        if (!this.unknownProperties.includes(property)) this.unknownProperties.push(property);
    }

    error(property: string, message: string): void {
        this.add(property, message, "error");
    }

    warn(property: string, message: string): void {
        this.add(property, message, "warning");
    }

    private add(property: string, message: string, severity: LimitSeverity): void {
        this.findings.push({ resourceUrn: this.urn, type: this.type, property, message, severity });
    }
}

export type Check = (ctx: LimitContext) => void;

/** The checks of a resource family, by type token. */
export type TypeChecks = Readonly<Record<string, readonly Check[]>>;
