/**
 * Scheduled scaling (Application Auto Scaling scheduled actions) and the time zone they run in:
 * e.g. dev held at its minimum at night. Each action sets the scalable target's floor and/or
 * ceiling at the given times; target tracking keeps working between them.
 *
 * Expressions (PutScheduledAction `Schedule`,
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html):
 * `at(yyyy-mm-ddThh:mm:ss)`, `rate(<value> <unit>)` with unit minute(s), hour(s) or day(s), and
 * `cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)`. `Timezone`: "the
 * canonical names of the IANA time zones" (default UTC). `ScheduledActionName`: 1-256 characters;
 * ours are stricter, because they also name the Pulumi resource.
 */
import { z } from "zod";
import { int } from "./fields";

const AT = /^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/;
const RATE = /^rate\([1-9]\d* (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\((\S+ ){5}\S+\)$/;

const TIME_ZONES: ReadonlySet<string> = new Set(["UTC", ...Intl.supportedValuesOf("timeZone")]);

/** An IANA time zone name (`Europe/Berlin`, `UTC`). */
export const timeZone = z.string().refine((tz) => TIME_ZONES.has(tz), {
    message: "is not an IANA time zone name (e.g. UTC, Europe/Berlin, America/New_York)",
});

/** The most actions one service takes here (ours, to keep the plan readable; AWS allows more). */
export const MAX_SCHEDULES = 10;

export const scheduleSchema = z
    .object({
        /** Names the action and its resource: letters, digits and hyphens, at most 32 (e.g. night). Required. */
        name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, {
            message: "is not a schedule name (a-z, 0-9 and -, starting with a letter, at most 32; e.g. night)",
        }),
        /** `cron(0 20 ? * MON-FRI *)`, `rate(1 day)` or `at(2027-01-01T00:00:00)`. Required. */
        schedule: z.string().refine((s) => AT.test(s) || RATE.test(s) || CRON.test(s), {
            message:
                "is not a schedule expression; allowed: cron(<min> <hour> <day-of-month> <month> <day-of-week> <year>), rate(<n> minutes|hours|days), at(yyyy-mm-ddThh:mm:ss)",
        }),
        /** The floor from then on. Default: unchanged. */
        minCount: int(0, 1000).optional(),
        /** The ceiling from then on. Default: unchanged. */
        maxCount: int(0, 1000).optional(),
    })
    .strict()
    .superRefine((s, ctx) => {
        if (s.minCount === undefined && s.maxCount === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["minCount"],
                message: "and maxCount are both unset; a scheduled action sets at least one of them",
            });
        } else if (s.minCount !== undefined && s.maxCount !== undefined && s.minCount > s.maxCount) {
            ctx.addIssue({ code: "custom", path: ["minCount"], message: `is greater than maxCount (${s.maxCount})` });
        }
    });

export const schedulesSchema = z
    .array(scheduleSchema)
    .max(MAX_SCHEDULES)
    .superRefine((list, ctx) => {
        list.forEach((s, i) => {
            const first = list.findIndex((o) => o.name === s.name);
            if (first < i)
                ctx.addIssue({ code: "custom", path: [i, "name"], message: `repeats the name at [${first}]` });
        });
    });

export type Schedule = z.output<typeof scheduleSchema>;
