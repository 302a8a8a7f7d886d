// Lint: typescript-eslint's recommended rules everywhere; Pulumi's Output rules (type-aware) on
// the program, where an Output in a template literal would deploy "Calling [toString] on an Output".
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

export default tseslint.config(
    { ignores: ["node_modules/**", "plan/**", "**/*.js", "**/*.mjs"] },
    ...tseslint.configs.recommended,
    {
        rules: {
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
        },
    },
    {
        files: ["index.ts", "components/**/*.ts", "config/**/*.ts"],
        languageOptions: {
            parserOptions: { project: ["./tsconfig.program.json"], tsconfigRootDir: import.meta.dirname },
        },
        plugins: { pulumi },
        rules: {
            "pulumi/no-output-in-template-literal": "error",
            "pulumi/no-output-instance-in-template-literal": "error",
        },
    },
);
