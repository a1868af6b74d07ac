#!/usr/bin/env python3
"""The outside-writer pipeline behind corpus/outside/ (see corpus/outside/BRIEFS.md and README.md): a writer helper writes
writers/W.json; `strip W` makes the blind reader's input; `questions W` compares writer and blind reader cell by cell and
makes the third reader's questions; `finalize W` merges agreed and settled labels into final/W.json and prints the
README row. Paths are relative to this file's folder: run it from a copy in a work folder (e.g. /work/data)."""
import json, sys, os
TAGS = ["apology", "ownership", "empathy", "defensiveness", "competitor-bashing", "pushing"]
D = os.path.dirname(os.path.abspath(__file__))
def load(p): return json.load(open(os.path.join(D, p)))
def save(p, x): json.dump(x, open(os.path.join(D, p), 'w'), indent=1, ensure_ascii=False)

def check_writer(calls):
    ids = set()
    for c in calls:
        assert c['id'] not in ids, c['id']; ids.add(c['id'])
        for i, t in enumerate(c['turns']):
            assert t.get('role') in ('agent', 'customer'), (c['id'], i)
            assert isinstance(t.get('text'), str) and t['text'].strip(), (c['id'], i)
            if t['role'] == 'agent':
                for k in ('labels', 'either'):
                    for g in t.get(k, []) or []: assert g in TAGS, (c['id'], i, g)

def unlabelled(c):
    """A call as a reader sees it: no labels, notes or impact, each turn with its index."""
    return {'id': c['id'], 'meta': {'industry': c['meta'].get('industry'), 'channel': c['meta'].get('channel')},
            'turns': [{'index': i, 'speaker': t['speaker'], 'role': t['role'], 'text': t['text']} for i, t in enumerate(c['turns'])]}

def strip(w):
    calls = load(f'writers/{w}.json'); check_writer(calls)
    save(f'blind/{w}.in.json', [unlabelled(c) for c in calls])
    b = open(os.path.join(D, 'briefs/blind.tmpl.md')).read()
    b = b.replace('<input file>', os.path.join(D, f'blind/{w}.in.json')).replace('<output file>', os.path.join(D, f'blind/{w}.out.json'))
    open(os.path.join(D, f'briefs/blind-{w}.md'), 'w').write(b)
    n = sum(1 for c in calls for t in c['turns'] if t['role'] == 'agent')
    print(f'{w}: {len(calls)} calls, {n} agent turns -> blind/{w}.in.json, briefs/blind-{w}.md')

def cells(w):
    calls = load(f'writers/{w}.json'); blind = {x['id']: x for x in load(f'blind/{w}.out.json')}
    for c in calls:
        bl = blind[c['id']]
        for i, t in enumerate(c['turns']):
            if t['role'] != 'agent': continue
            k = str(i)
            assert k in bl['labels'], (c['id'], i, 'blind missing')
            for g in TAGS:
                a = 'e' if g in (t.get('either') or []) else ('y' if g in t.get('labels', []) else 'n')
                b = 'e' if g in (bl.get('either', {}).get(k) or []) else ('y' if g in bl['labels'][k] else 'n')
                yield c, i, g, a, b

def questions(w):
    qs = {}; agree = tot = 0
    for c, i, g, a, b in cells(w):
        tot += 1; agree += (a == b)
        if {a, b} == {'y', 'n'}: qs.setdefault(c['id'], {}).setdefault(i, []).append(g)
    calls = load(f'writers/{w}.json')
    out = [{**unlabelled(c), 'questions': [{'turn': i, 'tags': g} for i, g in sorted(qs[c['id']].items())]} for c in calls if c['id'] in qs]
    save(f'settle/{w}.in.json', out)
    n = sum(len(q['tags']) for x in out for q in x['questions'])
    print(f'{w}: agreement {agree}/{tot} = {100*agree/tot:.1f}%, {n} questions in {len(out)} calls -> settle/{w}.in.json')

def finalize(w):
    ans = {}
    if os.path.exists(os.path.join(D, f'settle/{w}.out.json')):
        for a in load(f'settle/{w}.out.json'): ans[(a['id'], int(a['turn']), a['tag'])] = a['answer']
    calls = load(f'writers/{w}.json'); blind = {x['id']: x for x in load(f'blind/{w}.out.json')}
    agree = tot = settled = eith = 0; counts = {g: 0 for g in TAGS}; nagent = 0
    res = {}
    for c, i, g, a, b in cells(w):
        tot += 1; agree += (a == b)
        if a == b == 'y': v = 'y'
        elif a == b == 'n': v = 'n'
        elif 'e' in (a, b): v = 'e'
        else:
            key = (c['id'], i, g); assert key in ans, ('unanswered', key); settled += 1
            v = {'yes': 'y', 'no': 'n', 'either': 'e'}[ans[key]]
        res[(c['id'], i, g)] = v
    out = []
    for c in calls:
        cc = json.loads(json.dumps(c)); cc['meta']['writer'] = w
        cc['meta']['impactBlind'] = blind[c['id']].get('impact')
        for i, t in enumerate(cc['turns']):
            if t['role'] != 'agent':
                t.pop('labels', None); t.pop('either', None); continue
            nagent += 1
            t['labels'] = [g for g in TAGS if res[(c['id'], i, g)] == 'y']
            e = [g for g in TAGS if res[(c['id'], i, g)] == 'e']
            eith += len(e)
            if e: t['either'] = e
            else: t.pop('either', None)
            for g in t['labels']: counts[g] += 1
        out.append(cc)
    save(f'final/{w}.json', out)
    print(f'| {w} | STYLE | {len(out)} | {nagent} | ' + ' / '.join(str(counts[g]) for g in TAGS) +
          f' | {100*agree/tot:.1f}% | {settled} | {eith} |')

if __name__ == '__main__':
    {'strip': strip, 'questions': questions, 'finalize': finalize}[sys.argv[1]](sys.argv[2])
