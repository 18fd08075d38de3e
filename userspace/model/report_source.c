// SPDX-License-Identifier: GPL-2.0
/* The results.json a report is made from: a recording's or a run's. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <jansson.h>

#include "report_source.h"

static const char *str_of(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : "";
}

/* The noise facts a report shows; what is absent or odd stays empty. */
static void read_noise(json_t *noise, struct kb_noise_facts *n)
{
	json_t *load = json_object_get(noise, "loadavg");
	json_t *hv = json_object_get(noise, "hypervisor");

	if (json_is_array(load) && json_array_size(load) == 3) {
		n->have_loadavg = true;
		for (size_t i = 0; i < 3; i++)
			n->loadavg[i] = json_number_value(json_array_get(load, i));
	}
	snprintf(n->smt, sizeof(n->smt), "%s",
		 str_of(json_object_get(noise, "smt"), "active"));
	if (json_is_true(json_object_get(hv, "detected")))
		snprintf(n->hypervisor, sizeof(n->hypervisor), "%s%s%s",
			 str_of(hv, "dmi_vendor"), *str_of(hv, "dmi_product") ? " " : "",
			 str_of(hv, "dmi_product"));
}

/* The run's fields: its results, and the host's CPU count. */
static int from_run(struct kb_report_source *src, json_t *root, char *why,
		    size_t len)
{
	char rwhy[KB_RESULTS_WHY];
	json_int_t cpus;
	int ret;

	ret = kb_results_from_json(root, &src->run, rwhy);
	if (ret) {
		snprintf(why, len, "%s", rwhy);
		return ret;
	}
	cpus = json_integer_value(json_object_get(src->run->host, "cpu_count"));
	src->cpus = cpus > 0 && cpus <= 1 << 20 ? (unsigned int)cpus : 0;
	read_noise(src->run->noise, &src->noise);
	return 0;
}

static int from_json(struct kb_report_source *src, json_t *root, char *why,
		     size_t len)
{
	json_t *schema = json_object_get(root, "schema");
	const char *s;
	int ret;

	if (!json_is_string(schema)) {
		snprintf(why, len, "missing field 'schema'");
		return -EINVAL;
	}
	s = json_string_value(schema);
	snprintf(src->schema, sizeof(src->schema), "%s", s);
	if (!strncmp(s, KB_RESULTS_NAME "/", strlen(KB_RESULTS_NAME) + 1))
		return from_run(src, root, why, len);
	if (strcmp(s, KB_RECORD_SCHEMA)) {
		snprintf(why, len, "unknown schema '%.64s' (this kbench reports on '%s' and '%s')",
			 s, KB_RECORD_SCHEMA, KB_RESULTS_SCHEMA);
		return -EPROTONOSUPPORT;
	}
	ret = kb_record_info_from_json(root, &src->rec, why, len);
	src->cpus = src->rec.cpus;
	return ret;
}

int kb_report_source_load(struct kb_report_source *src, const char *path,
			  char why[KB_SOURCE_WHYLEN])
{
	char inner[1024];
	json_error_t jerr;
	json_t *root;
	int ret;

	memset(src, 0, sizeof(*src));
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		FILE *f = fopen(path, "r");

		if (!f) {
			ret = -errno;
			snprintf(why, KB_SOURCE_WHYLEN, "%s: %s (not a kbench record or run directory)",
				 path, strerror(-ret));
			return ret;
		}
		fclose(f);
		snprintf(why, KB_SOURCE_WHYLEN, "%s: not valid JSON: %s (line %d)", path,
			 jerr.text, jerr.line);
		return -EINVAL;
	}
	ret = from_json(src, root, inner, sizeof(inner));
	json_decref(root);
	if (ret)
		snprintf(why, KB_SOURCE_WHYLEN, "%s: %s", path, inner);
	return ret;
}

void kb_report_source_free(struct kb_report_source *src)
{
	if (src->run)
		kb_results_free(src->run);
	memset(src, 0, sizeof(*src));
}
