/**
 * Before `pulumi up` in .github/workflows/deploy.yml: does each service's image tag hold an image
 * for the architecture its task runs on? An ARM64 task given an amd64-only image is created and
 * then fails to start ("exec format error") after `up` has replaced the task definition; this
 * refuses the deploy first. Per service with an `imageTag` (bootstrap services have none), from
 * the stack file's own config:
 *
 * - the manifest of `<repository>:<tag>` is read with ECR `BatchGetImage`
 *   (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchGetImage.html);
 * - an image index / manifest list must list a `linux/<arch>` manifest (`platform.os`,
 *   `platform.architecture`; OCI image index spec, docker manifest list v2.2);
 * - a single-platform manifest's config blob must say `"os": "linux", "architecture": <arch>`
 *   (OCI image config spec), fetched through `GetDownloadUrlForLayer`.
 *
 * `X86_64` is `amd64` and `ARM64` is `arm64` in those documents.
 *
 * Usage: `node -r ts-node/register tools/ci/image-platforms.ts <stack>` (AWS credentials in the env).
 */
import * as path from "path";
import { parsePlatformConfig } from "../../config/load";
import type { PlatformConfig } from "../../config/schema";
import type { CpuArchitecture } from "../../config/service-entry";
import { readStackConfig } from "../../offline/stack-config";
import { createdRepositoryName } from "../../components/foundation-types";
import { awsCli, AwsCli } from "./aws-cli";

export const OCI_ARCHITECTURE: Readonly<Record<CpuArchitecture, string>> = { X86_64: "amd64", ARM64: "arm64" };

const MEDIA_TYPES = [
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
];

export interface ImageToCheck {
    readonly service: string;
    readonly repositoryName: string;
    readonly imageTag: string;
    readonly architecture: CpuArchitecture;
}

/** GETs a URL and returns its body parsed as JSON. */
export type FetchJson = (url: string) => Promise<unknown>;

/** The images a stack's config runs, with the repository names its storage mode gives them. */
export function imagesToCheck(cfg: PlatformConfig): { images: ImageToCheck[]; skipped: string[] } {
    const images: ImageToCheck[] = [];
    const skipped: string[] = [];
    for (const s of cfg.services) {
        if (s.imageTag === undefined) {
            skipped.push(`${s.name}: bootstrap mode (no imageTag), nothing to check`);
            continue;
        }
        const storage = cfg.storage;
        const repositoryName =
            storage.mode === "create"
                ? createdRepositoryName(cfg.stack, s.repository)
                : storage.mode === "existing"
                  ? storage.repositoryNames[s.repository]
                  : undefined;
        if (repositoryName === undefined) {
            skipped.push(
                `${s.name}: its repository comes from stack ${String((storage as { stackReference?: string }).stackReference)}; check the image there`,
            );
            continue;
        }
        images.push({ service: s.name, repositoryName, imageTag: s.imageTag, architecture: s.cpuArchitecture });
    }
    return { images, skipped };
}

interface Platform {
    readonly os?: string;
    readonly architecture?: string;
}

/** What is wrong with each image (empty when every tag has its task's platform). */
export async function platformProblems(
    images: readonly ImageToCheck[],
    aws: AwsCli,
    fetchJson: FetchJson,
): Promise<string[]> {
    const problems: string[] = [];
    for (const image of images) {
        const ref = `${image.repositoryName}:${image.imageTag}`;
        const want = `linux/${OCI_ARCHITECTURE[image.architecture]}`;
        const answer = (await aws([
            "ecr",
            "batch-get-image",
            "--repository-name",
            image.repositoryName,
            "--image-ids",
            `imageTag=${image.imageTag}`,
            "--accepted-media-types",
            ...MEDIA_TYPES,
        ])) as { images?: { imageManifest?: string }[]; failures?: { failureCode?: string; failureReason?: string }[] };
        const text = answer.images?.[0]?.imageManifest;
        if (text === undefined) {
            const f = answer.failures?.[0];
            problems.push(
                `${image.service}: ${ref} not found (${f?.failureCode ?? "no image"}${f?.failureReason ? `: ${f.failureReason}` : ""}); push it before setting the tag`,
            );
            continue;
        }
        const manifest = JSON.parse(text) as { manifests?: { platform?: Platform }[]; config?: { digest?: string } };
        let found: Platform[];
        if (Array.isArray(manifest.manifests)) {
            found = manifest.manifests.map((m) => m.platform ?? {});
        } else if (manifest.config?.digest) {
            const url = (await aws([
                "ecr",
                "get-download-url-for-layer",
                "--repository-name",
                image.repositoryName,
                "--layer-digest",
                manifest.config.digest,
            ])) as { downloadUrl?: string };
            found = url.downloadUrl ? [(await fetchJson(url.downloadUrl)) as Platform] : [];
        } else {
            found = [];
        }
        const names = found.map((p) => `${p.os ?? "?"}/${p.architecture ?? "?"}`);
        if (!names.includes(want)) {
            problems.push(
                `${image.service}: ${ref} holds ${names.length > 0 ? names.join(", ") : "no platform"}, not ${want} (cpuArchitecture ${image.architecture}); push a multi-arch image (docker buildx build --platform linux/amd64,linux/arm64 --push) or set the service's cpuArchitecture to what the image holds`,
            );
        }
    }
    return problems;
}

/* c8 ignore start: the CLI wrapper */
if (require.main === module) {
    const stack = process.argv[2];
    if (!stack) {
        console.log("::error::usage: image-platforms.ts <stack>");
        process.exit(2);
    }
    const root = path.resolve(__dirname, "..", "..");
    const cfg = parsePlatformConfig(readStackConfig(root, stack).config, stack);
    const { images, skipped } = imagesToCheck(cfg);
    for (const s of skipped) console.log(s);
    const fetchJson: FetchJson = async (url) => (await fetch(url, { signal: AbortSignal.timeout(30_000) })).json();
    platformProblems(images, awsCli, fetchJson).then(
        (problems) => {
            for (const i of images)
                if (!problems.some((p) => p.startsWith(`${i.service}:`)))
                    console.log(
                        `${i.service}: ${i.repositoryName}:${i.imageTag} has linux/${OCI_ARCHITECTURE[i.architecture]}`,
                    );
            for (const p of problems) console.log(`::error::${p}`);
            process.exit(problems.length > 0 ? 1 : 0);
        },
        (e: unknown) => {
            console.log(`::error::${e instanceof Error ? e.message : String(e)}`);
            process.exit(1);
        },
    );
}
/* c8 ignore stop */
