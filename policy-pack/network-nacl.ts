/**
 * The "network" area's network ACL policy: no inbound NACL entry lets the internet reach every
 * protocol or a sensitive (administration or data store) port. Messages name entries by rule
 * number and position, never CIDRs.
 *
 * Scope: `aws.ec2.NetworkAcl` and `aws.ec2.DefaultNetworkAcl` are judged with rule order (their
 * inline entries are the whole ACL); a standalone `aws.ec2.NetworkAclRule` is judged alone. The
 * VPC's default NACL, which allows all inbound traffic
 * (https://docs.aws.amazon.com/vpc/latest/userguide/default-network-acl.html), is outside the
 * pack's view unless the program adopts it with `aws.ec2.DefaultNetworkAcl`.
 */
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { PlatformPolicy, resourcePolicy } from "./lib/define-policy";
import {
    DEFAULT_SENSITIVE_PORTS,
    describeEntry,
    judgeInboundEntries,
    NACL_TYPES,
    normaliseNaclEntries,
} from "./lib/nacl";
import { cannotDecide, withDefaults } from "./lib/policy-support";

interface NaclConfig {
    sensitivePorts: number[];
}

const config: Record<string, PolicyConfigJSONSchema> = {
    sensitivePorts: {
        type: "array",
        items: { type: "integer", minimum: 0, maximum: 65535 },
        default: [...DEFAULT_SENSITIVE_PORTS],
        description: "tcp/udp ports (administration, data stores) no inbound entry may open to the internet.",
    },
};

const family = (versions: readonly (4 | 6)[]) => versions.map((v) => `IPv${v}`).join(" and ");

export const naclNoWorldIngress = resourcePolicy(
    {
        name: "nacl-no-world-ingress",
        area: "network",
        description:
            "Network ACLs admit no inbound traffic from the internet on every protocol, or on administration and data store ports (22, 3389, 3306, 5432, ...).",
        why:
            "A NACL is the subnet's stateless outer fence; an allow-all or SSH/RDP/database entry from 0.0.0.0/0 or ::/0 " +
            "leaves only a security group between the internet and those services. The tcp 1024-65535 return-traffic " +
            "entry and 80/443 a public subnet needs are fine.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps:
            "Narrow the entry's source CIDR, or its protocol and ports (80/443 and the 1024-65535 return range for a " +
            "public subnet), or add a lower-numbered deny of the same traffic. For the default NACL, manage it with " +
            "aws.ec2.DefaultNetworkAcl and give it no allow-all entry.",
        anchors: [
            "CKV_AWS_229",
            "CKV_AWS_230",
            "CKV_AWS_231",
            "CKV_AWS_232",
            "tfsec aws-ec2-no-public-ingress-acl",
            "tfsec aws-ec2-no-excessive-port-access (AVD-AWS-0102)",
            "Security Hub EC2.21",
        ],
        config,
    },
    NACL_TYPES,
    (props, args, report) => {
        const cfg = withDefaults<NaclConfig>(args, { sensitivePorts: [...DEFAULT_SENSITIVE_PORTS] });
        const entries = normaliseNaclEntries(args.type, props);
        const verdict = judgeInboundEntries(entries, cfg.sensitivePorts);
        for (const f of verdict.findings) {
            const what = f.allTraffic
                ? "every protocol and port"
                : `sensitive port(s) ${f.ports.slice(0, 6).join(", ")}${f.ports.length > 6 ? ", ..." : ""}`;
            report(`${describeEntry(f.entry)} allows ${what} from the ${family(f.families)} internet.`);
        }
        for (const c of verdict.combined) {
            const numbers = c.entries.map((e) => e.ruleNumber);
            const rules = `${numbers.slice(0, 5).join(", ")}${numbers.length > 5 ? `, ... (${numbers.length})` : ""}`;
            report(
                `inbound entries rule ${rules} together admit every IPv${c.version} address on ${c.point} ` +
                    `(narrower blocks that add up to the whole space).`,
            );
        }
        if (verdict.undecided.length > 0) cannotDecide(verdict.undecided[0]);
    },
);

export const naclPolicies: PlatformPolicy[] = [naclNoWorldIngress];
