// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "flamegraph.h"
#include "util/fileio.h"

#define FRAME_H 16
#define FONT_SIZE 12
#define FONT_W 0.59	/* average glyph width per font size */
#define XPAD 10
#define YPAD_TOP 62	/* title, subtitle, buttons */
#define YPAD_BOTTOM 30	/* the details line */

void kb_flame_free(struct kb_flame *fl)
{
	free(fl->n);
	memset(fl, 0, sizeof(*fl));
}

static int push_node(struct kb_flame *fl, size_t *cap, struct kb_flame_node nd)
{
	if (fl->nn == *cap) {
		size_t c = *cap ? *cap * 2 : 1024;
		struct kb_flame_node *p = realloc(fl->n, c * sizeof(*p));

		if (!p)
			return -ENOMEM;
		fl->n = p;
		*cap = c;
	}
	fl->n[fl->nn++] = nd;
	return 0;
}

int kb_flame_build(struct kb_flame *fl, const struct kb_stacks *st)
{
	size_t *path = NULL, cap = 0, depth = 0, pathcap = 1;
	const struct kb_stack *prev = NULL;
	uint64_t pos = 0;
	int ret;

	memset(fl, 0, sizeof(*fl));
	fl->st = st;
	for (size_t i = 0; i < st->n; i++)
		if (st->s[i].n + 1 > pathcap)
			pathcap = st->s[i].n + 1;
	path = calloc(pathcap, sizeof(*path));
	if (!path)
		return -ENOMEM;
	ret = push_node(fl, &cap, (struct kb_flame_node){ 0 });
	for (size_t i = 0; !ret && i < st->n; i++) {
		const struct kb_stack *s = &st->s[i];
		const uint32_t *ids = st->ids + s->first;
		size_t common = 0;

		if (prev) {
			const uint32_t *pids = st->ids + prev->first;

			while (common < s->n && common < prev->n &&
			       ids[common] == pids[common])
				common++;
		}
		/* Close the nodes that this stack leaves. */
		for (size_t d = depth; d > common; d--)
			fl->n[path[d]].end = fl->nn;
		for (size_t j = common; !ret && j < s->n; j++) {
			ret = push_node(fl, &cap, (struct kb_flame_node){
				.frame = ids[j], .depth = (uint32_t)j + 1,
				.parent = path[j], .x = pos });
			path[j + 1] = fl->nn - 1;
		}
		if (ret)
			break;
		depth = s->n;
		if (depth > fl->max_depth)
			fl->max_depth = (uint32_t)depth;
		for (size_t d = 0; d <= depth; d++)
			fl->n[path[d]].w += s->count;
		fl->n[path[depth]].self += s->count;
		pos += s->count;
		prev = s;
	}
	if (!ret)
		for (size_t d = 0; d <= depth; d++)
			fl->n[path[d]].end = fl->nn;
	fl->total = pos;
	free(path);
	if (ret)
		kb_flame_free(fl);
	return ret;
}

unsigned int kb_flame_height(const struct kb_flame *fl)
{
	return YPAD_TOP + YPAD_BOTTOM + (fl->max_depth + 1) * FRAME_H;
}

const char *kb_flame_name(const struct kb_flame *fl, size_t node)
{
	return node ? fl->st->names[fl->n[node].frame] : "all";
}

size_t kb_flame_child(const struct kb_flame *fl, size_t node, const char *name)
{
	for (size_t c = node + 1; c < fl->n[node].end; c = fl->n[c].end)
		if (!strcmp(kb_flame_name(fl, c), name))
			return c;
	return (size_t)-1;
}

size_t kb_flame_match(const struct kb_flame *fl, size_t node,
		      const struct kb_flame *other)
{
	size_t parent;

	if (!node)
		return other->nn ? 0 : (size_t)-1;
	parent = kb_flame_match(fl, fl->n[node].parent, other);
	if (parent == (size_t)-1)
		return parent;
	return kb_flame_child(other, parent, kb_flame_name(fl, node));
}

static bool is_kernel(const char *name)
{
	size_t len = strlen(name);

	return len >= 4 && !strcmp(name + len - 4, "_[k]");
}

void kb_flame_color_default(const struct kb_flame *fl, size_t node,
			    char rgb[KB_FLAME_RGB], void *arg)
{
	const char *name = kb_flame_name(fl, node);
	uint32_t h = 2166136261u;
	unsigned int r, g, b;

	(void)arg;
	if (!node) {
		snprintf(rgb, KB_FLAME_RGB, "#c8c8c8");
		return;
	}
	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	if (is_kernel(name)) {		/* orange */
		r = 220 + h % 35;
		g = 110 + (h >> 8) % 70;
		b = 20 + (h >> 16) % 40;
	} else {			/* green */
		r = 70 + h % 80;
		g = 175 + (h >> 8) % 60;
		b = 60 + (h >> 16) % 50;
	}
	snprintf(rgb, KB_FLAME_RGB, "#%02x%02x%02x", r, g, b);
}

/* Length of the valid UTF-8 sequence at S (at most LEFT bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t left)
{
	size_t n;

	if (*s < 0x80)
		return 1;
	if (*s >= 0xc2 && *s <= 0xdf)
		n = 2;
	else if (*s >= 0xe0 && *s <= 0xef)
		n = 3;
	else if (*s >= 0xf0 && *s <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > left)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

void kb_xml_escape(FILE *f, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < len;) {
		size_t n;

		switch (p[i]) {
		case '&': fputs("&amp;", f); i++; continue;
		case '<': fputs("&lt;", f); i++; continue;
		case '>': fputs("&gt;", f); i++; continue;
		case '"': fputs("&quot;", f); i++; continue;
		case '\'': fputs("&apos;", f); i++; continue;
		default:
			break;
		}
		if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n') {
			fputc('?', f);
			i++;
			continue;
		}
		n = utf8_len(p + i, len - i);
		if (!n) {		/* not UTF-8: not allowed in XML */
			fputc('?', f);
			i++;
			continue;
		}
		fwrite(p + i, 1, n, f);
		i += n;
	}
}

static const char script[] =
"var svg=document.documentElement,W=+svg.getAttribute('width'),XP=" "10"
",TOT=+svg.getAttribute('data-total'),CW=" "7.08" ";\n"
"var F=Array.prototype.slice.call(document.getElementsByClassName('f'));\n"
"var det=document.getElementById('details'),mat=document.getElementById('matched'),"
"rz=document.getElementById('unzoom');\n"
"function A(g,k){return +g.getAttribute('data-'+k);}\n"
"function nm(g){var t=g.getElementsByTagName('title')[0].textContent.split('\\n')[0];"
"var i=t.lastIndexOf(' (');return i<0?t:t.slice(0,i);}\n"
"function fit(g,x,w){var r=g.getElementsByTagName('rect')[0],t=g.getElementsByTagName('text')[0];"
"r.setAttribute('x',x.toFixed(1));r.setAttribute('width',w.toFixed(1));"
"t.setAttribute('x',(x+3).toFixed(1));var n=nm(g),c=Math.floor((w-6)/CW);"
"t.textContent=c<3?'':(n.length<=c?n:n.slice(0,c-2)+'..');}\n"
"function zoom(z){var X=A(z,'x'),Z=A(z,'w'),D=A(z,'d'),s=(W-2*XP)/Z;\n"
" F.forEach(function(g){var x=A(g,'x'),w=A(g,'w'),d=A(g,'d');\n"
"  if(d>=D&&x>=X&&x+w<=X+Z){g.style.display='';g.classList.remove('p');fit(g,XP+(x-X)*s,w*s);}\n"
"  else if(d<D&&x<=X&&x+w>=X+Z){g.style.display='';g.classList.add('p');fit(g,XP,W-2*XP);}\n"
"  else g.style.display='none';});\n"
" rz.style.display=D?'':'none';}\n"
"function search(q){var re,iv=[],sum=0,end=-1;\n"
" if(q){try{re=new RegExp(q);}catch(e){mat.textContent='bad regex';return;}}\n"
" F.forEach(function(g){var r=g.getElementsByTagName('rect')[0],o=r.getAttribute('data-c');\n"
"  if(o===null){o=r.getAttribute('fill');r.setAttribute('data-c',o);}\n"
"  if(re&&re.test(nm(g))){r.setAttribute('fill','#e040e0');iv.push([A(g,'x'),A(g,'x')+A(g,'w')]);}\n"
"  else r.setAttribute('fill',o);});\n"
" iv.sort(function(a,b){return a[0]-b[0];});\n"
" iv.forEach(function(v){if(v[0]>=end){sum+=v[1]-v[0];end=v[1];}else if(v[1]>end){sum+=v[1]-end;end=v[1];}});\n"
" mat.textContent=re?'Matched: '+(TOT?100*sum/TOT:0).toFixed(2)+'%':'';}\n"
"svg.addEventListener('click',function(e){var t=e.target;\n"
" if(t.id==='unzoom'){zoom(F[0]);return;}\n"
" if(t.id==='search'){var q=prompt('Search (regular expression):','');if(q!==null)search(q);return;}\n"
" var g=t.closest?t.closest('g.f'):null;if(g)zoom(g);});\n"
"svg.addEventListener('mouseover',function(e){var g=e.target.closest?e.target.closest('g.f'):null;\n"
" if(g)det.textContent=g.getElementsByTagName('title')[0].textContent.replace('\\n',' ');});\n"
"svg.addEventListener('mouseout',function(){det.textContent=' ';});\n"
"window.addEventListener('keydown',function(e){if((e.ctrlKey||e.metaKey)&&e.key==='f'){"
"e.preventDefault();var q=prompt('Search (regular expression):','');if(q!==null)search(q);}});\n"
"window.kbFlameSearch=search;window.kbFlameZoom=function(i){zoom(F[i]);};\n";

/* Text that fits PX pixels: NAME or its start and "..", like the script. */
static void write_fitted(FILE *f, const char *name, double px)
{
	long c = (long)((px - 6) / (FONT_SIZE * FONT_W));
	size_t len = strlen(name);

	if (c < 3)
		return;
	if (len <= (size_t)c) {
		kb_xml_escape(f, name, len);
		return;
	}
	len = (size_t)c - 2;
	/* Do not cut a UTF-8 sequence. */
	while (len && ((unsigned char)name[len] & 0xc0) == 0x80)
		len--;
	kb_xml_escape(f, name, len);
	fputs("..", f);
}

int kb_flame_write(const struct kb_flame *fl, const struct kb_flame_opts *o,
		   FILE *f)
{
	void (*color)(const struct kb_flame *, size_t, char *, void *) =
		o->color ? o->color : kb_flame_color_default;
	const char *title = o->title ? o->title : "Flame Graph";
	const char *unit = o->unit ? o->unit : "samples";
	unsigned int width = o->width ? o->width : 1200;
	double minw = o->min_width > 0 ? o->min_width : 0.1;
	double scale = fl->total ? (width - 2.0 * XPAD) / (double)fl->total : 0;
	unsigned int height = kb_flame_height(fl);
	char rgb[KB_FLAME_RGB], extra[512];

	fprintf(f, "<?xml version=\"1.0\" standalone=\"no\"?>\n"
		"<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" "
		"width=\"%u\" height=\"%u\" viewBox=\"0 0 %u %u\" "
		"data-total=\"%" PRIu64 "\">\n", width, height, width, height,
		fl->total);
	fputs("<style type=\"text/css\">\n"
	      "text{font-family:Verdana,sans-serif;font-size:12px;fill:#000}\n"
	      "g.f:hover rect{stroke:#000;stroke-width:0.5}\n"
	      "g.f{cursor:pointer}\ng.p{opacity:0.5}\n"
	      "#title{font-size:17px}\n#unzoom,#search{cursor:pointer}\n"
	      "</style>\n", f);
	fprintf(f, "<rect x=\"0\" y=\"0\" width=\"%u\" height=\"%u\" fill=\"#f8f8f8\"/>\n",
		width, height);
	fprintf(f, "<text id=\"title\" x=\"%u\" y=\"24\" text-anchor=\"middle\">",
		width / 2);
	kb_xml_escape(f, title, strlen(title));
	fputs("</text>\n", f);
	if (o->subtitle) {
		fprintf(f, "<text id=\"subtitle\" x=\"%u\" y=\"42\" text-anchor=\"middle\" fill=\"#555\">",
			width / 2);
		kb_xml_escape(f, o->subtitle, strlen(o->subtitle));
		fputs("</text>\n", f);
	}
	fprintf(f, "<text id=\"unzoom\" x=\"%d\" y=\"24\" style=\"display:none\">Reset Zoom</text>\n"
		"<text id=\"search\" x=\"%u\" y=\"24\" text-anchor=\"end\">Search</text>\n"
		"<text id=\"matched\" x=\"%u\" y=\"%u\" text-anchor=\"end\"> </text>\n"
		"<text id=\"details\" x=\"%d\" y=\"%u\"> </text>\n"
		"<text id=\"legend\" x=\"%d\" y=\"42\" fill=\"#555\">%s</text>\n",
		XPAD, width - XPAD, width - XPAD, height - 10, XPAD, height - 10, XPAD,
		o->legend ? o->legend :
		"<tspan fill=\"#e8902c\">&#9632;</tspan> kernel "
		"<tspan fill=\"#60c060\">&#9632;</tspan> user");

	for (size_t i = 0; i < fl->nn;) {
		const struct kb_flame_node *nd = &fl->n[i];
		const char *name = kb_flame_name(fl, i);
		double x = XPAD + nd->x * scale, w = nd->w * scale;
		double y = height - YPAD_BOTTOM - (nd->depth + 1.0) * FRAME_H;

		if (w < minw) {		/* and so is every child */
			i = nd->end;
			continue;
		}
		color(fl, i, rgb, o->arg);
		fprintf(f, "<g class=\"f\" data-x=\"%" PRIu64 "\" data-w=\"%" PRIu64
			"\" data-d=\"%" PRIu32 "\"><title>", nd->x, nd->w, nd->depth);
		kb_xml_escape(f, name, strlen(name));
		fprintf(f, " (%" PRIu64 " %s, %.2f%%)", nd->w, unit,
			fl->total ? 100.0 * nd->w / fl->total : 0.0);
		extra[0] = '\0';
		if (o->describe)
			o->describe(fl, i, extra, sizeof(extra), o->arg);
		if (extra[0]) {
			fputc('\n', f);
			kb_xml_escape(f, extra, strlen(extra));
		}
		fprintf(f, "</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" "
			"fill=\"%s\" rx=\"2\" ry=\"2\"/><text x=\"%.1f\" y=\"%.1f\">",
			x, y, w, FRAME_H - 1, rgb, x + 3, y + FRAME_H - 4.5);
		write_fitted(f, name, w);
		fputs("</text></g>\n", f);
		i++;
	}
	/* Last, so that the elements it looks up exist when it runs. */
	fputs("<script type=\"text/ecmascript\"><![CDATA[\n", f);
	fputs(script, f);
	fputs("]]></script>\n</svg>\n", f);
	return ferror(f) ? -EIO : 0;
}

struct flame_file {
	const struct kb_flame *fl;
	const struct kb_flame_opts *o;
};

static int write_flame(FILE *f, void *arg)
{
	const struct flame_file *ff = arg;

	return kb_flame_write(ff->fl, ff->o, f);
}

int kb_flame_save(const char *path, const struct kb_stacks *st,
		  const struct kb_flame_opts *o, unsigned int *height)
{
	struct kb_flame fl;
	struct flame_file ff = { &fl, o };
	int ret = kb_flame_build(&fl, st);

	if (ret)
		return ret;
	*height = kb_flame_height(&fl);
	ret = kb_write_atomic(path, write_flame, &ff);
	kb_flame_free(&fl);
	return ret;
}
