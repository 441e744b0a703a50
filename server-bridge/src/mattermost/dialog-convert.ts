// model.OpenDialogRequest both ways: the product's OpenDialogRequest as the struct the plugin
// sends (Go field names, every field set so the server sees no surprise zero), and back, as
// a host reads it. Reading is defensive: an odd field becomes the empty value.
import type {DialogElement, OpenDialogRequest} from '../product/platform';

type Struct = Record<string, unknown>;

const s = (v: unknown): string => (typeof v === 'string' ? v : '');
const n = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const struct = (v: unknown): Struct => (v && typeof v === 'object' && !Array.isArray(v) ? v as Struct : {});

const ELEMENT_TYPES = new Set<DialogElement['type']>(['text', 'textarea', 'select', 'bool', 'radio']);

export function openDialogToModel(r: OpenDialogRequest): Struct {
    const d = r.dialog;
    return {
        TriggerId: r.triggerId,
        URL: r.url,
        Dialog: {
            CallbackId: d.callbackId, Title: d.title, IntroductionText: d.introductionText, IconURL: '',
            SubmitLabel: d.submitLabel, NotifyOnCancel: d.notifyOnCancel, State: d.state,
            Elements: d.elements.map((e) => ({
                DisplayName: e.displayName, Name: e.name, Type: e.type, SubType: e.subType ?? '', Default: e.default ?? '',
                Placeholder: e.placeholder ?? '', HelpText: e.helpText ?? '', Optional: e.optional === true,
                MinLength: e.minLength ?? 0, MaxLength: e.maxLength ?? 0, DataSource: e.dataSource ?? '',
                Options: (e.options ?? []).map((o) => ({Text: o.text, Value: o.value})),
            })),
        },
    };
}

export function openDialogFromModel(v: unknown): OpenDialogRequest {
    const r = struct(v);
    const d = struct(r.Dialog);
    return {
        triggerId: s(r.TriggerId),
        url: s(r.URL),
        dialog: {
            callbackId: s(d.CallbackId), title: s(d.Title), introductionText: s(d.IntroductionText),
            submitLabel: s(d.SubmitLabel), notifyOnCancel: d.NotifyOnCancel === true, state: s(d.State),
            elements: list(d.Elements).map((raw) => {
                const e = struct(raw);
                const type = s(e.Type) as DialogElement['type'];
                const element: DialogElement = {
                    displayName: s(e.DisplayName), name: s(e.Name), type: ELEMENT_TYPES.has(type) ? type : 'text',
                };
                const optional: Partial<DialogElement> = {
                    subType: s(e.SubType) || undefined, default: s(e.Default) || undefined, placeholder: s(e.Placeholder) || undefined,
                    helpText: s(e.HelpText) || undefined, optional: e.Optional === true || undefined,
                    minLength: n(e.MinLength) || undefined, maxLength: n(e.MaxLength) || undefined, dataSource: s(e.DataSource) || undefined,
                };
                const options = list(e.Options).map((o) => ({text: s(struct(o).Text), value: s(struct(o).Value)}));
                return Object.assign(element, Object.fromEntries(Object.entries(optional).filter(([, x]) => x !== undefined)),
                    options.length ? {options} : {});
            }),
        },
    };
}
