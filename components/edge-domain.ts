/**
 * A custom viewer domain for the distribution: an ACM certificate in us-east-1 ("To use an ACM
 * certificate with Amazon CloudFront, you must request or import the certificate in the US East
 * (N. Virginia) region", https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html), validated
 * through DNS records in the configured public hosted zone, and alias A and AAAA records to the
 * distribution (CloudFront's alias zone Z2FDTNDATAQYW2, https://docs.aws.amazon.com/general/latest/gr/cf_region.html).
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import type { DomainConfig } from "../config/schema";
import { CLOUDFRONT_CONTROL_REGION, CLOUDFRONT_HOSTED_ZONE_ID } from "../policy-pack/lib/edge-facts";

export interface ViewerCertificate {
    /** The zone the records go into. */
    readonly zoneId: pulumi.Output<string>;
    /** The certificate's ARN once ACM issued it (the validation resource waits for that). */
    readonly certificateArn: pulumi.Output<string>;
}

/** The certificate and its DNS validation; the distribution takes `certificateArn`. */
export function viewerCertificate(parent: pulumi.Resource, name: string, domain: DomainConfig): ViewerCertificate {
    const zone = aws.route53.getZoneOutput({ name: domain.hostedZone, privateZone: false }, { parent });
    const certificate = new aws.acm.Certificate(
        `${name}-cert`,
        { domainName: domain.name, validationMethod: "DNS", region: CLOUDFRONT_CONTROL_REGION },
        { parent },
    );
    // One record per name to validate: a single-name certificate has exactly one (ACM's CNAME).
    const validation = new aws.route53.Record(
        `${name}-cert-validation`,
        {
            zoneId: zone.zoneId,
            name: certificate.domainValidationOptions.apply((o) => o[0].resourceRecordName),
            type: certificate.domainValidationOptions.apply((o) => o[0].resourceRecordType),
            records: [certificate.domainValidationOptions.apply((o) => o[0].resourceRecordValue)],
            ttl: 300,
            allowOverwrite: true,
        },
        { parent },
    );
    // The validation resource must be in the certificate's Region, and completes when ACM issued it.
    const validated = new aws.acm.CertificateValidation(
        `${name}-cert-validated`,
        {
            certificateArn: certificate.arn,
            validationRecordFqdns: [validation.fqdn],
            region: CLOUDFRONT_CONTROL_REGION,
        },
        { parent },
    );
    return { zoneId: zone.zoneId, certificateArn: validated.certificateArn };
}

/** Alias A and AAAA records (the distribution serves IPv6 too) from the domain to the distribution. */
export function aliasRecords(
    parent: pulumi.Resource,
    name: string,
    domain: DomainConfig,
    zoneId: pulumi.Output<string>,
    distributionDomainName: pulumi.Output<string>,
): aws.route53.Record[] {
    return (["A", "AAAA"] as const).map(
        (type) =>
            new aws.route53.Record(
                `${name}-alias-${type.toLowerCase()}`,
                {
                    zoneId,
                    name: domain.name,
                    type,
                    aliases: [
                        {
                            name: distributionDomainName,
                            zoneId: CLOUDFRONT_HOSTED_ZONE_ID,
                            evaluateTargetHealth: false,
                        },
                    ],
                },
                { parent },
            ),
    );
}
