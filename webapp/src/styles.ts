// The plugin's stylesheet. Colours come only from the host theme's CSS variables so every
// theme, light or dark, is respected; injected once at initialize, removed at uninitialize.
const fg = (a: number) => `rgba(var(--center-channel-color-rgb), ${a})`;

export const CSS = `
.rc-root{color:var(--center-channel-color);background:var(--center-channel-bg);font-size:14px;line-height:20px;padding:12px 16px;}
.rc-root *:focus-visible{outline:2px solid var(--button-bg);outline-offset:1px;}
.rc-muted{color:${fg(0.64)};}
.rc-h2{font-size:18px;font-weight:600;margin:4px 0 8px;display:flex;gap:8px;align-items:center;}
.rc-h3{font-size:15px;font-weight:600;margin:16px 0 6px;}
.rc-h4{font-size:13px;font-weight:600;margin:10px 0 4px;color:${fg(0.72)};text-transform:uppercase;letter-spacing:.02em;}
.rc-h5{font-size:13px;font-weight:600;margin:8px 0 4px;}
.rc-btn{font:inherit;cursor:pointer;border-radius:4px;padding:4px 10px;border:1px solid ${fg(0.16)};background:transparent;color:var(--center-channel-color);}
.rc-btn:hover:not(:disabled){background:${fg(0.08)};}
.rc-btn:disabled{cursor:not-allowed;opacity:.56;}
.rc-btn--primary{background:var(--button-bg);color:var(--button-color);border-color:var(--button-bg);}
.rc-btn--primary:hover:not(:disabled){background:rgba(var(--button-bg-rgb), 0.88);}
.rc-btn--small{padding:2px 8px;font-size:12px;}
.rc-btn--icon{border:none;padding:2px 6px;}
.rc-btn--link{border:none;padding:0 4px;color:var(--link-color);}
.rc-btn--row{display:flex;gap:6px;align-items:center;width:100%;text-align:left;border:none;border-radius:0;}
.rc-btn--active{background:rgba(var(--button-bg-rgb), 0.12);box-shadow:inset 2px 0 0 var(--button-bg);}
.rc-link{color:var(--link-color);margin-right:6px;}
.rc-input{font:inherit;width:100%;box-sizing:border-box;padding:6px 8px;border-radius:4px;border:1px solid ${fg(0.16)};background:var(--center-channel-bg);color:var(--center-channel-color);}
.rc-input[aria-invalid="true"]{border-color:var(--error-text);}
.rc-label{display:block;font-weight:600;margin:8px 0 4px;}
.rc-field-error,.rc-error-text{color:var(--error-text);font-size:12px;}
.rc-error{color:var(--error-text);border:1px solid var(--error-text);border-radius:4px;padding:8px;margin:8px 0;display:flex;gap:8px;align-items:center;flex-wrap:wrap;}
.rc-warning{border-left:3px solid var(--away-indicator);padding:4px 8px;margin:8px 0;}
.rc-row{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin:8px 0;}
.rc-toolbar{display:flex;gap:8px;align-items:flex-end;flex-wrap:wrap;margin-bottom:8px;}
.rc-field--inline{flex:1;min-width:160px;}
.rc-fieldset{border:1px solid ${fg(0.12)};border-radius:4px;padding:4px 8px 8px;margin:8px 0;}
.rc-check-label{display:block;margin:4px 0;}
.rc-tabs{display:flex;border-bottom:1px solid ${fg(0.12)};margin-bottom:8px;}
.rc-tab{font:inherit;background:none;border:none;border-bottom:2px solid transparent;padding:6px 12px;cursor:pointer;color:${fg(0.72)};}
.rc-tab--active{color:var(--button-bg);border-bottom-color:var(--button-bg);}
.rc-chart{margin:12px 0;}
.rc-chart>svg{display:block;max-width:100%;overflow:visible;}
.rc-chart-legend svg{vertical-align:-1px;}
.rc-chart-legend{display:flex;gap:12px;font-size:11px;color:${fg(0.72)};margin:0 0 4px;}
.rc-chart-text{fill:var(--center-channel-color);font-size:12px;}
.rc-chart-text--muted{fill:${fg(0.72)};font-size:11px;}
.rc-chart-track{fill:${fg(0.06)};}
.rc-chart-worst{fill:var(--error-text);fill-opacity:.4;}
.rc-chart-median{fill:var(--button-bg);}
.rc-chart-plan{fill:${fg(0.32)};}
.rc-chart-actual{fill:var(--button-bg);}
.rc-chart-over{fill:var(--error-text);}
.rc-chart-axis{stroke:${fg(0.24)};stroke-width:1;}
.rc-insights{margin:4px 0 8px;padding-left:18px;}
.rc-insights li{margin:2px 0;}
.rc-progress{height:8px;border-radius:4px;background:${fg(0.08)};overflow:hidden;margin:6px 0 2px;}
.rc-progress-bar{height:100%;background:var(--online-indicator);}
.rc-attention-section{border-left:3px solid var(--away-indicator);padding:0 8px;margin:8px 0;}
.rc-attention-section--danger{border-left-color:var(--dnd-indicator);}
.rc-attention-list,.rc-steps,.rc-substeps,.rc-chips,.rc-results,.rc-chooser-list,.rc-events,.rc-notes,.rc-template-errors{list-style:none;margin:0;padding:0;}
.rc-substeps{margin-left:28px;}
.rc-step{border-bottom:1px solid ${fg(0.08)};padding:6px 0;}
.rc-step-main{display:flex;gap:8px;align-items:flex-start;}
.rc-step-body{flex:1;min-width:0;}
.rc-step--done .rc-step-name,.rc-step--skipped .rc-step-name{text-decoration:line-through;color:${fg(0.64)};}
.rc-step--na .rc-step-name{color:${fg(0.56)};}
.rc-step--na>.rc-step-main>.rc-check{border-style:dashed;}
.rc-state--na{font-weight:400;font-style:italic;color:${fg(0.64)};}
.rc-step-title{line-height:1.5;}
.rc-step-title>*+*{margin-left:6px;}
.rc-step-meta{display:flex;gap:8px;flex-wrap:wrap;align-items:center;font-size:12px;}
.rc-step-announce{margin-top:4px;}
.rc-step-announce .rc-btn{max-width:100%;white-space:normal;text-align:left;}
.rc-check{width:20px;height:20px;flex:none;margin-top:1px;border-radius:4px;border:2px solid ${fg(0.32)};background:transparent;color:var(--button-color);cursor:pointer;padding:0;line-height:14px;font-size:12px;}
.rc-step--done>.rc-step-main>.rc-check{background:var(--online-indicator);border-color:var(--online-indicator);}
.rc-step--skipped>.rc-step-main>.rc-check{background:${fg(0.32)};}
.rc-check:disabled{cursor:not-allowed;opacity:.5;}
.rc-step--overdue>.rc-step-main>.rc-check{border-color:var(--dnd-indicator);}
.rc-badge{display:inline-block;font-size:11px;font-weight:600;padding:0 6px;border-radius:4px;background:rgba(var(--button-bg-rgb), 0.12);color:var(--button-bg);}
.rc-badge--danger{background:var(--dnd-indicator);color:var(--button-color);}
.rc-badge--muted{background:${fg(0.08)};color:${fg(0.72)};}
.rc-state{font-weight:600;}
.rc-state--done{color:var(--online-indicator);}
.rc-note{margin:2px 0;font-size:12px;color:${fg(0.72)};}
.rc-avatar{border-radius:50%;vertical-align:middle;margin-right:2px;}
.rc-chip{display:inline-flex;gap:4px;align-items:center;margin:2px 4px 2px 0;padding:0 4px;border-radius:12px;background:${fg(0.08)};}
.rc-results{border:1px solid ${fg(0.16)};border-radius:4px;max-height:200px;overflow:auto;}
.rc-step-actions{margin:4px 0 4px 28px;}
.rc-event{display:flex;gap:8px;padding:6px 0;border-bottom:1px solid ${fg(0.08)};}
.rc-overlay{position:fixed;inset:0;background:rgba(0,0,0,0.4);display:flex;align-items:center;justify-content:center;z-index:1000;}
.rc-dialog{width:min(480px,90vw);max-height:80vh;overflow:auto;border-radius:8px;box-shadow:0 8px 24px rgba(0,0,0,0.24);}
.rc-chooser-list{max-height:50vh;overflow:auto;margin:8px 0;}
.rc-step-num{font-variant-numeric:tabular-nums;color:${fg(0.64)};}
.rc-chooser-run{margin:0 0 8px;font-weight:600;}
.rc-chooser-title{flex:1 1 auto;min-width:0;overflow-wrap:anywhere;}
.rc-chooser-desc{flex:0 1 auto;display:inline-flex;flex-wrap:wrap;align-items:center;gap:6px;}
.rc-chooser-tag{display:inline-flex;align-items:center;gap:6px;white-space:nowrap;}
.rc-editor{font-family:monospace;font-size:13px;}
.rc-strike{text-decoration:line-through;}
.rc-pre{white-space:pre-wrap;}
.rc-empty{margin-bottom:8px;}
.rc-manage{border-top:1px solid ${fg(0.12)};margin:4px 0 8px;padding-top:4px;}
.rc-input--inline{width:auto;flex:1;min-width:140px;}
.rc-dialog:focus{outline:none;}
.rc-question{margin:6px 0;}
.rc-question>.rc-row{margin:2px 0;}
.rc-question .rc-check-label{display:inline-block;margin:0 12px 0 0;}
.rc-plain-list{margin:0 0 4px;padding-left:18px;}
.rc-conditions{font-size:13px;}
.rc-root:focus{outline:none;}
.rc-note-head{font-size:12px;}
.rc-other-releases{border-top:1px solid ${fg(0.12)};margin-top:12px;}
.rc-view-switch{display:flex;gap:4px;flex-wrap:wrap;margin:0 0 8px;}
.rc-calendar{font-size:12px;}
.rc-all-list{list-style:none;margin:0;padding:0;}
.rc-all-item{border-bottom:1px solid ${fg(0.08)};padding:8px 0;overflow-wrap:anywhere;}
.rc-all-head{display:flex;gap:8px;align-items:baseline;flex-wrap:wrap;justify-content:space-between;}
.rc-all-title{margin:0;}
.rc-all-next{margin:4px 0;}
.rc-badge--warning{background:rgba(var(--away-indicator-rgb), 0.16);color:var(--center-channel-color);box-shadow:inset 2px 0 0 var(--away-indicator);}
.rc-badge--ok{background:rgba(var(--online-indicator-rgb), 0.16);color:var(--center-channel-color);box-shadow:inset 2px 0 0 var(--online-indicator);}
`;

const STYLE_ID = 'com-mattermost-release-checklist-style';

/** Adds the stylesheet; returns the function that removes it. */
export function injectStyles(doc: Document = document): () => void {
    let el = doc.getElementById(STYLE_ID);
    if (!el) {
        el = doc.createElement('style');
        el.id = STYLE_ID;
        el.textContent = CSS;
        doc.head.appendChild(el);
    }
    const added = el;
    return () => added.remove();
}
