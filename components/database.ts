/**
 * PostgreSQL on RDS in the data subnets: private, encrypted, TLS-only, master password managed by
 * RDS in Secrets Manager (never in code, config or state). Its security group starts empty; the
 * compute layer admits 5432 from the task security groups.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { TIER_TAG } from "../policy-pack/lib/service-tags";
import * as random from "@pulumi/random";
import { DatabaseConfig } from "../config/schema";
import { DatabaseFoundation } from "./foundation-types";
import { ParameterLocation, parameterArn, parameterPathPrefix } from "./parameters";
import { PORTS } from "../policy-pack/lib/architecture";
import { DATABASE_TLS } from "../config/services";

/** The sizing keys of the "create" branch of the database config. */
export type DatabaseSettings = Omit<Extract<DatabaseConfig, { mode: "create" }>, "mode">;

export interface DatabaseArgs {
    /** VPC of the security group. Required. */
    readonly vpcId: pulumi.Input<string>;
    /** Data-tier subnets (two AZs) of the DB subnet group. Required. */
    readonly dataSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Instance class, storage, engine version, Multi-AZ and backup days (defaults live in the config schema). */
    readonly settings: DatabaseSettings;
    /** Decides deletion protection, the final snapshot and the Multi-AZ default (prod: on). Required. */
    readonly environment: "dev" | "test" | "prod";
    /** Protect the instance from deletion (Pulumi `protect`). Required. */
    readonly protect: boolean;
    /** Stack name: the final snapshot's identifier and the connection parameter's path. Default: the current stack. */
    readonly stack?: string;
    /** Account, region and partition, to compute the connection parameter's ARN before creation. Default: its output ARN. */
    readonly location?: ParameterLocation;
    /** Performance Insights (7 free days of retention). Default false. */
    readonly performanceInsights?: boolean;
    /** Name of the database created in the instance. Default "app". */
    readonly databaseName?: string;
    /** Master user name (its password is generated and rotated by RDS). Default "dbadmin". */
    readonly masterUsername?: string;
}

export class Database extends pulumi.ComponentResource implements DatabaseFoundation {
    /** The Pulumi type token this component registers under (part of every child's URN). */
    public static readonly typeToken = "ecs-platform:foundation:Database";

    public readonly securityGroup: aws.ec2.SecurityGroup;
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly instance: aws.rds.Instance;
    /** Name of the snapshot RDS takes when the instance is deleted (prod only; unique per instance lifecycle). */
    public readonly finalSnapshotIdentifier?: pulumi.Output<string>;
    /** `address:port` of the instance. */
    public readonly endpoint: pulumi.Output<string>;
    public readonly address: pulumi.Output<string>;
    public readonly port: number;
    /** Secrets Manager secret RDS keeps the master credentials in. */
    public readonly masterUserSecretArn: pulumi.Output<string | undefined>;
    public readonly credentialsSecretArn: pulumi.Output<string>;
    /** The connection parameter (see DatabaseFoundation.connectionParameterArn). */
    public readonly connectionParameter: aws.ssm.Parameter;
    public readonly connectionParameterArn: pulumi.Output<string>;

    constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super(Database.typeToken, name, {}, opts);
        const isProd = args.environment === "prod";
        const multiAz = args.settings.multiAz ?? isProd;
        const performanceInsights = args.performanceInsights ?? false;
        const databaseName = args.databaseName ?? "app";
        const masterUsername = args.masterUsername ?? "dbadmin";
        const stack = args.stack ?? pulumi.getStack();
        const majorVersion = args.settings.engineVersion.split(".")[0];
        const parent = { parent: this };

        this.securityGroup = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            {
                vpcId: args.vpcId,
                description: "PostgreSQL: 5432 from the BFF and AgentCore task security groups only",
                tags: { Name: `${name}-sg`, [TIER_TAG]: "database" },
            },
            parent,
        );
        const subnetGroup = new aws.rds.SubnetGroup(
            `${name}-subnets`,
            { subnetIds: args.dataSubnetIds, description: "Data-tier subnets (no internet route)" },
            parent,
        );
        const parameterGroup = new aws.rds.ParameterGroup(
            `${name}-params`,
            {
                family: `postgres${majorVersion}`,
                description: "Rejects connections without TLS",
                parameters: [{ name: "rds.force_ssl", value: "1" }],
            },
            parent,
        );

        const engine = "postgres";
        const storageEncrypted = true;
        // A final snapshot needs a name no earlier instance of this stack used: RDS refuses to
        // delete an instance whose final snapshot name exists ("DBSnapshotAlreadyExists"), so a
        // fixed name would fail the second destroy of a rebuilt prod, or a replacement. The suffix
        // is random per instance lifecycle: a rebuilt stack draws a new one, and the keepers are the
        // instance inputs this program sets that force a replacement (ForceNew in the provider's
        // schema, terraform-provider-aws internal/service/rds/instance.go: engine, db_name, username,
        // storage_encrypted), so a replacement draws one too. The provider reads finalSnapshotIdentifier
        // only when it deletes the instance ("Name of your final DB snapshot when this DB instance is
        // deleted", https://www.pulumi.com/registry/packages/aws/api-docs/rds/instance/), so a new
        // suffix is an in-place update.
        const finalSnapshotSuffix = isProd
            ? new random.RandomId(
                  `${name}-final-snapshot-suffix`,
                  {
                      byteLength: 4,
                      keepers: {
                          engine,
                          dbName: databaseName,
                          username: masterUsername,
                          storageEncrypted: String(storageEncrypted),
                      },
                  },
                  parent,
              )
            : undefined;
        this.finalSnapshotIdentifier = finalSnapshotSuffix?.hex.apply((suffix) =>
            finalSnapshotIdentifier(stack, name, suffix),
        );

        this.instance = new aws.rds.Instance(
            `${name}-instance`,
            {
                engine,
                engineVersion: args.settings.engineVersion,
                instanceClass: args.settings.instanceClass,
                allocatedStorage: args.settings.allocatedStorage,
                storageType: "gp3",
                storageEncrypted,
                dbName: databaseName,
                username: masterUsername,
                manageMasterUserPassword: true,
                iamDatabaseAuthenticationEnabled: true,
                port: PORTS.database,
                dbSubnetGroupName: subnetGroup.name,
                parameterGroupName: parameterGroup.name,
                vpcSecurityGroupIds: [this.securityGroup.id],
                publiclyAccessible: false,
                multiAz,
                backupRetentionPeriod: args.settings.backupRetentionDays,
                copyTagsToSnapshot: true,
                autoMinorVersionUpgrade: true,
                deletionProtection: isProd,
                // Outside prod a stack can be torn down without leaving snapshots behind.
                skipFinalSnapshot: !isProd,
                finalSnapshotIdentifier: this.finalSnapshotIdentifier,
                deleteAutomatedBackups: !isProd,
                performanceInsightsEnabled: performanceInsights,
                performanceInsightsRetentionPeriod: performanceInsights ? 7 : undefined,
            },
            { parent: this, protect: args.protect },
        );

        this.securityGroupId = this.securityGroup.id;
        this.endpoint = this.instance.endpoint;
        this.address = this.instance.address;
        this.port = PORTS.database;
        this.masterUserSecretArn = this.instance.masterUserSecrets.apply((secrets) => secrets?.[0]?.secretArn);
        this.credentialsSecretArn = this.masterUserSecretArn.apply((arn) => arn ?? "");

        // Where the tasks find the database: a plain parameter under the stack path (the execution
        // role already resolves container secrets there); the login itself stays in Secrets Manager.
        // `sslmode`/`sslrootcert` were added later: a value edit, so the parameter updates in place
        // (same name, no replacement), and readers treat their absence as verify-full.
        const connectionName = `${parameterPathPrefix(stack)}database/connection`;
        this.connectionParameter = new aws.ssm.Parameter(
            `${name}-connection`,
            {
                name: connectionName,
                type: "String",
                description:
                    "PostgreSQL host, port, database name, ARN of its RDS-managed login, TLS mode and CA bundle path",
                value: pulumi.jsonStringify({
                    host: this.address,
                    port: PORTS.database,
                    database: databaseName,
                    credentialsSecretArn: this.credentialsSecretArn,
                    sslmode: DATABASE_TLS.sslmode,
                    sslrootcert: DATABASE_TLS.sslrootcert,
                }),
            },
            parent,
        );
        // Computed from names (known at the first preview), yet carrying the parameter as a
        // dependency: a task definition using it waits for the parameter, so no task can start
        // before ECS can resolve DATABASE_CONNECTION.
        this.connectionParameterArn = args.location
            ? pulumi
                  .all([parameterArn(args.location, stack, "database/connection"), this.connectionParameter.name])
                  .apply(([arn]) => arn)
            : this.connectionParameter.arn;

        this.registerOutputs({
            securityGroupId: this.securityGroupId,
            endpoint: this.endpoint,
            masterUserSecretArn: this.masterUserSecretArn,
            connectionParameterArn: this.connectionParameterArn,
        });
    }
}

/**
 * 1-255 letters, digits and single hyphens, starting with a letter, not ending with a hyphen
 * (DeleteDBInstance FinalDBSnapshotIdentifier constraints,
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html).
 */
export function finalSnapshotIdentifier(stack: string, name: string, suffix: string): string {
    const cleaned = `ecs-platform-${stack}-${name}-final-${suffix}`
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, "-")
        .replace(/-+/g, "-")
        .replace(/-$/, "");
    // Trim from the front of the name, never the suffix that makes it unique.
    const tail = `-final-${suffix}`.toLowerCase().replace(/[^a-z0-9-]/g, "-");
    return cleaned.length <= 255 ? cleaned : `${cleaned.slice(0, 255 - tail.length).replace(/-$/, "")}${tail}`;
}
