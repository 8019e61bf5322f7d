import { z } from "zod";

/**
 * Meta's documented request shapes for POST /<phone-number-id>/messages (Cloud API
 * reference, "Messages"), with their limits, as the fake Graph API checks every send:
 * a render that would be refused by Meta is refused here first.
 */
const chars = (min: number, max: number) =>
  z.string().refine((value) => [...value].length >= min && [...value].length <= max, `${min} to ${max} characters`);

const text = z.strictObject({ body: chars(1, 4096), preview_url: z.boolean().optional() });

const buttons = z.strictObject({
  type: z.literal("button"),
  body: z.strictObject({ text: chars(1, 1024) }),
  action: z.strictObject({
    buttons: z
      .array(z.strictObject({ type: z.literal("reply"), reply: z.strictObject({ id: chars(1, 256), title: chars(1, 20) }) }))
      .min(1)
      .max(3)
      .refine((list) => new Set(list.map((b) => b.reply.title)).size === list.length, "button titles must be unique")
      .refine((list) => new Set(list.map((b) => b.reply.id)).size === list.length, "button ids must be unique"),
  }),
});

const row = z.strictObject({ id: chars(1, 200), title: chars(1, 24), description: chars(1, 72).optional() });
const list = z.strictObject({
  type: z.literal("list"),
  body: z.strictObject({ text: chars(1, 4096) }),
  action: z
    .strictObject({
      button: chars(1, 20),
      sections: z.array(z.strictObject({ title: chars(1, 24).optional(), rows: z.array(row).min(1).max(10) })).min(1).max(10),
    })
    .refine((action) => action.sections.flatMap((s) => s.rows).length <= 10, "at most 10 rows in all")
    .refine((action) => action.sections.length === 1 || action.sections.every((s) => s.title), "a title for each of several sections")
    .refine((action) => {
      const ids = action.sections.flatMap((s) => s.rows.map((r) => r.id));
      return new Set(ids).size === ids.length;
    }, "row ids must be unique"),
});

const ctaUrl = z.strictObject({
  type: z.literal("cta_url"),
  body: z.strictObject({ text: chars(1, 1024) }),
  action: z.strictObject({ name: z.literal("cta_url"), parameters: z.strictObject({ display_text: chars(1, 20), url: z.url({ protocol: /^https?$/ }) }) }),
});

const parameter = z.strictObject({
  type: z.literal("text"),
  text: chars(1, 1024).refine((value) => !/[\n\t]| {5,}/.test(value), "no new lines, tabs or more than 4 spaces in a row"),
});
const template = z.strictObject({
  name: z.string().regex(/^[a-z0-9_]+$/),
  language: z.strictObject({ code: z.string().min(2) }),
  components: z
    .array(
      z.discriminatedUnion("type", [
        z.strictObject({ type: z.literal("body"), parameters: z.array(parameter) }),
        z.strictObject({
          type: z.literal("button"),
          sub_type: z.literal("quick_reply"),
          index: z.string().regex(/^[0-9]$/),
          parameters: z.array(z.strictObject({ type: z.literal("payload"), payload: chars(1, 256) })).length(1),
        }),
      ]),
    )
    .optional(),
});

const base = { messaging_product: z.literal("whatsapp"), recipient_type: z.literal("individual").optional(), to: z.string().min(1) };
export const sendSchema = z.discriminatedUnion("type", [
  z.strictObject({ ...base, type: z.literal("text"), text }),
  z.strictObject({ ...base, type: z.literal("interactive"), interactive: z.discriminatedUnion("type", [buttons, list, ctaUrl]) }),
  z.strictObject({ ...base, type: z.literal("template"), template }),
]);
export type SendRequest = z.output<typeof sendSchema>;

/** An approved template as Meta knows it: the fake refuses a send that does not match it. */
export interface ApprovedTemplate {
  name: string;
  languages: string[];
  bodyParameters: number;
  quickReplies: number;
}

/** Meta's checks of a template send against the approved one: 132001 (name/language), 132000 (parameters). */
export function checkTemplate(request: Extract<SendRequest, { type: "template" }>, approved: readonly ApprovedTemplate[]): { code: number; message: string } | null {
  const found = approved.find((t) => t.name === request.template.name && t.languages.includes(request.template.language.code));
  if (!found) {
    return { code: 132001, message: `Template name does not exist in the translation (${request.template.name}, ${request.template.language.code})` };
  }
  const components = request.template.components ?? [];
  const body = components.find((c) => c.type === "body");
  const given = body && "parameters" in body ? body.parameters.length : 0;
  if (given !== found.bodyParameters) return { code: 132000, message: `Number of parameters does not match the expected number of params (${given} for ${found.bodyParameters})` };
  const buttons = components.filter((c) => c.type === "button");
  if (buttons.some((b) => "index" in b && Number(b.index) >= found.quickReplies)) return { code: 132000, message: "a quick reply the template does not have" };
  return null;
}
