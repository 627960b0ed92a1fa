// Strapi (v4 and v5) lifecycle hooks that ask `contentqa serve` to check an article before it is
// published, and refuse the publication while it fails the gate. Drafts save as usual.
//
// Copy to src/api/article/content-types/article/lifecycles.js (adjust the field names below to
// your content type) and set in the Strapi server's environment:
//   CONTENTQA_URL=http://127.0.0.1:8750   CONTENTQA_TOKEN=...   (the service's CONTENTQA_SERVE_TOKEN)
// Node 18+ (global fetch).

const { errors } = require("@strapi/utils");

const FIELDS = { title: "title", body: "body", slug: "slug", description: "description" };

async function check(data) {
  const response = await fetch(`${process.env.CONTENTQA_URL}/check`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${process.env.CONTENTQA_TOKEN}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify({
      content: data[FIELDS.body] || "",
      format: "md", // Strapi's rich text (Markdown) field; "html" for CKEditor fields
      path: `${data[FIELDS.slug] || "draft"}.md`,
      metadata: {
        title: data[FIELDS.title] || "",
        description: data[FIELDS.description] || "",
      },
    }),
    signal: AbortSignal.timeout(30000),
  });
  if (!response.ok) {
    throw new Error(`contentqa answered ${response.status}: ${await response.text()}`);
  }
  return response.json();
}

async function beforePublish(event) {
  const data = event.params.data || {};
  // v4: publishing sets publishedAt; v5 publishes through its own action with publishedAt too.
  if (!data.publishedAt || !(FIELDS.body in data)) return;
  const report = await check(data);
  if (report.gate.passed) return;
  const errorsFound = report.files[0].findings.filter((f) => f.severity === "error");
  const lines = errorsFound.slice(0, 10).map((f) => `${f.rule} (line ${f.line}): ${f.message}`);
  throw new errors.ApplicationError(
    `Not published: contentqa found ${errorsFound.length} problem(s). ${lines.join(" | ")}`,
    { findings: errorsFound },
  );
}

module.exports = {
  beforeCreate: beforePublish,
  beforeUpdate: beforePublish,
  check, // exported for tests
};
