// What `errdocs verify` checks of this answer: the documented status, the header fields that carry
// meaning (by meaning, not bytes) and the members that identify an error. `documented` above is
// this side as the docs give it; the code below is the same in every request of the collection.
(function check(doc) {
  const field = (name) => {
    const values = pm.response.headers
      .all()
      .filter((h) => !h.disabled && h.key.toLowerCase() === name.toLowerCase())
      .map((h) => h.value);
    return values.length ? values.join(", ") : null;
  };
  const mediaType = (value) => value.split(";")[0].trim().toLowerCase();
  const methods = (value) =>
    value.split(",").map((m) => m.trim().toUpperCase()).filter((m) => m).sort().join(", ");

  // RFC 9110 §11.6.1: a list of challenges, each a scheme with a token68 or comma-separated
  // `name=value` parameters; a token followed by `=` continues a challenge, any other starts one.
  const parseChallenges = (value) => {
    let i = 0;
    const at = () => value[i];
    const ows = () => { while (at() === " " || at() === "\t") i += 1; };
    const run = (re) => {
      const start = i;
      while (i < value.length && re.test(at())) i += 1;
      return value.slice(start, i);
    };
    const token = () => run(/[!#$%&'*+\-.^_`|~0-9A-Za-z]/);
    const ends = () => i >= value.length || at() === ",";
    const quoted = () => {
      let text = "";
      for (i += 1; i < value.length && at() !== '"'; i += 1) {
        if (at() === "\\") i += 1;
        text += at();
      }
      if (at() !== '"') throw new Error("an unterminated quoted string");
      i += 1;
      return text;
    };
    // Whether a parameter (a name, then `=`) starts here; `i` is left where it was.
    const paramAhead = () => {
      const start = i;
      const name = token();
      ows();
      const found = name !== "" && at() === "=";
      i = start;
      return found;
    };
    const params = (challenge) => {
      for (;;) {
        const name = token().toLowerCase();
        ows();
        if (!name || at() !== "=") throw new Error("expected a parameter");
        i += 1;
        ows();
        const v = at() === '"' ? quoted() : token();
        if (!v && !ends()) throw new Error(`no value for \`${name}\``);
        if (challenge.params.has(name)) throw new Error(`\`${name}\` twice`);
        challenge.params.set(name, v);
        ows();
        if (i >= value.length) return;
        if (at() !== ",") throw new Error("expected `,` between parameters");
        const comma = i;
        while (at() === "," || at() === " " || at() === "\t") i += 1;
        if (!paramAhead()) {
          i = comma;
          return;
        }
      }
    };
    const out = [];
    for (;;) {
      ows();
      if (i >= value.length) break;
      if (at() === ",") {
        i += 1;
        continue;
      }
      const scheme = token();
      if (!scheme) throw new Error("expected a scheme");
      const challenge = { scheme, params: new Map() };
      out.push(challenge);
      if (ends()) continue;
      if (at() !== " ") throw new Error(`\`${at()}\` after the scheme`);
      ows();
      if (ends()) continue;
      const start = i;
      const token68 = run(/[-._~+/0-9A-Za-z]/) + run(/=/);
      ows();
      if (token68 && ends()) {
        challenge.token68 = token68;
        continue;
      }
      i = start;
      params(challenge);
    }
    if (!out.length) throw new Error("no challenge");
    return out;
  };
  const challengeProblem = (want, got) => {
    let offered;
    try {
      offered = parseChallenges(got);
    } catch (e) {
      return "does not parse as a challenge";
    }
    for (const w of want) {
      const g = offered.find((c) => c.scheme.toLowerCase() === w.scheme.toLowerCase());
      if (!g) return `no \`${w.scheme}\` challenge`;
      const error = g.params.has("error") ? g.params.get("error") : null;
      if (error !== w.error) {
        const say = (e) => (e === null ? "absent" : `\`${e}\``);
        return `\`error\` is ${say(error)} instead of ${say(w.error)}`;
      }
    }
    return null;
  };

  // RFC 9110 §10.2.3: delay-seconds, or an HTTP-date (senders write the IMF-fixdate form).
  const IMF_FIXDATE =
    /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/;
  const retryDelay = (value) => {
    const v = value.trim();
    if (/^\d+$/.test(v)) return Number(v);
    const at = Date.parse(v);
    if (Number.isNaN(at)) return null;
    return Math.max(0, Math.ceil((at - Date.now()) / 1000));
  };
  const retryProblem = (value) => {
    const v = value.trim();
    if (/^\d+$/.test(v) || (IMF_FIXDATE.test(v) && !Number.isNaN(Date.parse(v)))) return null;
    if (!Number.isNaN(Date.parse(v))) {
      return "an HTTP-date in an obsolete form; senders write the IMF-fixdate form (RFC 9110 §5.6.7)";
    }
    return "neither a number of seconds nor an HTTP-date";
  };

  const headerProblem = (h) => {
    const got = field(h.field);
    if (got === null) return `no \`${h.field}\` field (missing)`;
    const problem = {
      media: () => (mediaType(got) === h.media ? null : "another media type"),
      challenge: () => challengeProblem(h.challenges, got),
      "retry-after": () => retryProblem(got),
      methods: () => (methods(got) === h.methods ? null : "other methods"),
      present: () => null,
    }[h.check]();
    return problem === null ? null : `${got} (${problem})`;
  };

  const same = (a, b) => {
    if (a === b) return true;
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => kb.includes(k) && same(a[k], b[k]));
  };
  let body;
  try {
    body = JSON.parse(pm.response.text());
  } catch (e) {
    body = undefined;
  }
  const isObject = body !== null && typeof body === "object" && !Array.isArray(body);

  // Every check of `expect` on this answer: its name and its problem (null when it holds).
  const checks = (expect) => {
    const code = pm.response.code;
    const out = [];
    if (expect.status === null) {
      out.push([
        "status is a success (2xx or 3xx)",
        code >= 200 && code < 400 ? null : `received ${code}`,
      ]);
    } else {
      out.push([`status is ${expect.status}`, code === expect.status ? null : `received ${code}`]);
    }
    for (const h of expect.headers) out.push([`${h.field} ${h.says}`, headerProblem(h)]);
    for (const [member, want] of expect.members) {
      const have = isObject ? body[member] : undefined;
      out.push([
        `body /${member} is ${JSON.stringify(want)}`,
        same(have, want) ? null : `received ${have === undefined ? "nothing" : JSON.stringify(have)}`,
      ]);
    }
    return out;
  };
  const holds = (expect) => checks(expect).every(([, problem]) => problem === null);

  if (doc.skip) {
    pm.test.skip(`not checked: ${doc.skip}`, () => {});
    return;
  }
  if (doc.later === "error" && !holds(doc.expect)) {
    pm.test.skip(
      "not checked: the API did not answer with the documented error this time (it depends on timing)",
      () => {},
    );
    return;
  }
  if (doc.later === "success") {
    // The pair's error may still hold: send the same request again after the wait it asks for.
    const retried = pm.collectionVariables.get("errdocsRetried") === doc.key;
    pm.collectionVariables.unset("errdocsRetried");
    if (!retried && holds(doc.error)) {
      const asked = field("Retry-After");
      const delay = asked === null ? null : retryDelay(asked);
      const wait = delay === null ? 1 : delay;
      const max = Number(pm.variables.get("errdocsMaxWait") || 60);
      if (wait > max) {
        pm.test.skip(
          `not checked: the API answered with the documented error and asked to wait ${wait}s before sending again, more than errdocsMaxWait ${max}s`,
          () => {},
        );
        return;
      }
      pm.collectionVariables.set("errdocsRetried", doc.key);
      pm.execution.setNextRequest(pm.info.requestId);
      setTimeout(() => {}, wait * 1000);
      return;
    }
  }
  for (const [name, problem] of checks(doc.expect)) {
    pm.test(name, () => {
      if (problem !== null) throw new Error(problem);
    });
  }
})(documented);
