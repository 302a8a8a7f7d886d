/**
 * The deploy workflow's image check (tools/ci/image-platforms.ts) against recorded ECR answers:
 * an image index with and without the task's platform, a single-platform image read from its
 * config blob, a missing tag; and which images a stack file's config names.
 */
import * as assert from "assert";
import { parsePlatformConfig } from "../../config/load";
import { AwsCli } from "../../tools/ci/aws-cli";
import { FetchJson, ImageToCheck, imagesToCheck, platformProblems } from "../../tools/ci/image-platforms";
import { services, validRaw } from "../config/config-test-kit";

const ARM: ImageToCheck = {
    service: "agentcore",
    repositoryName: "ecs-platform-prod/agent",
    imageTag: "2.0.1",
    architecture: "ARM64",
};
const X86: ImageToCheck = { ...ARM, service: "bff", repositoryName: "ecs-platform-prod/app", architecture: "X86_64" };

const index = (...platforms: string[]) =>
    JSON.stringify({
        mediaType: "application/vnd.oci.image.index.v1+json",
        manifests: platforms.map((p) => {
            const [os, architecture] = p.split("/");
            return {
                mediaType: "application/vnd.oci.image.manifest.v1+json",
                digest: `sha256:${"a".repeat(64)}`,
                platform: { os, architecture },
            };
        }),
    });
const single = JSON.stringify({
    mediaType: "application/vnd.docker.distribution.manifest.v2+json",
    config: { digest: `sha256:${"c".repeat(64)}` },
    layers: [],
});

function fakeEcr(manifest: string | undefined): { aws: AwsCli; calls: string[][] } {
    const calls: string[][] = [];
    const aws: AwsCli = async (args) => {
        calls.push([...args]);
        if (args[1] === "batch-get-image")
            return manifest === undefined
                ? {
                      images: [],
                      failures: [{ failureCode: "ImageNotFound", failureReason: "Requested image not found" }],
                  }
                : { images: [{ imageManifest: manifest }], failures: [] };
        if (args[1] === "get-download-url-for-layer")
            return { downloadUrl: "https://prod-us-east-1-starport-layer-bucket.s3.amazonaws.com/config" };
        throw new Error(`unexpected aws ${args.join(" ")}`);
    };
    return { aws, calls };
}
const configBlob =
    (architecture: string): FetchJson =>
    async () => ({ os: "linux", architecture, config: {} });
const noFetch: FetchJson = async () => assert.fail("no blob should be fetched for an index");

describe("deploy: image platforms before pulumi up", () => {
    it("a multi-arch index satisfies both architectures, asking ECR for the tag with every manifest type", async () => {
        const { aws, calls } = fakeEcr(index("linux/amd64", "linux/arm64"));
        assert.deepStrictEqual(await platformProblems([ARM, X86], aws, noFetch), []);
        assert.deepStrictEqual(calls[0].slice(0, 6), [
            "ecr",
            "batch-get-image",
            "--repository-name",
            "ecs-platform-prod/agent",
            "--image-ids",
            "imageTag=2.0.1",
        ]);
        assert.ok(calls[0].includes("application/vnd.oci.image.index.v1+json"));
        assert.ok(calls[0].includes("application/vnd.docker.distribution.manifest.list.v2+json"));
    });

    it("an amd64-only index is refused for an ARM64 service, saying what it holds and the fix", async () => {
        const { aws } = fakeEcr(index("linux/amd64"));
        const [problem, ...rest] = await platformProblems([ARM], aws, noFetch);
        assert.deepStrictEqual(rest, []);
        assert.match(
            problem,
            /^agentcore: ecs-platform-prod\/agent:2\.0\.1 holds linux\/amd64, not linux\/arm64 \(cpuArchitecture ARM64\)/,
        );
        assert.match(problem, /docker buildx build --platform linux\/amd64,linux\/arm64/);
    });

    it("a single-platform image is judged by its config blob", async () => {
        const amd = fakeEcr(single);
        assert.deepStrictEqual(await platformProblems([X86], amd.aws, configBlob("amd64")), []);
        assert.deepStrictEqual(amd.calls[1].slice(0, 2), ["ecr", "get-download-url-for-layer"]);
        assert.ok(amd.calls[1].includes(`sha256:${"c".repeat(64)}`));
        const [problem] = await platformProblems([ARM], fakeEcr(single).aws, configBlob("amd64"));
        assert.match(problem, /holds linux\/amd64, not linux\/arm64/);
    });

    it("a tag that is not in the repository is refused", async () => {
        const [problem] = await platformProblems([X86], fakeEcr(undefined).aws, noFetch);
        assert.match(
            problem,
            /^bff: ecs-platform-prod\/app:2\.0\.1 not found \(ImageNotFound: Requested image not found\); push it before setting the tag$/,
        );
    });

    it("the images a config names: bootstrap services skipped, repository names per storage mode", () => {
        const boot = imagesToCheck(parsePlatformConfig(validRaw(services()), "dev"));
        assert.deepStrictEqual(boot.images, []);
        assert.strictEqual(boot.skipped.length, 2);
        const tagged = services({
            bff: { imageTag: "1.4.2" },
            agentcore: { imageTag: "2.0.1", cpuArchitecture: "ARM64", repository: "agent" },
        });
        assert.deepStrictEqual(imagesToCheck(parsePlatformConfig(validRaw(tagged), "dev")).images, [
            { service: "bff", repositoryName: "ecs-platform-dev/bff", imageTag: "1.4.2", architecture: "X86_64" },
            {
                service: "agentcore",
                repositoryName: "ecs-platform-dev/agent",
                imageTag: "2.0.1",
                architecture: "ARM64",
            },
        ]);
        const existing = parsePlatformConfig(
            validRaw({
                ...tagged,
                "ecs-platform:storage": {
                    mode: "existing",
                    repositoryNames: { bff: "team/web", agent: "team/agent" },
                    agentDataBucketName: "team-data",
                },
            }),
            "dev",
        );
        assert.deepStrictEqual(
            imagesToCheck(existing).images.map((i) => i.repositoryName),
            ["team/web", "team/agent"],
        );
    });
});
