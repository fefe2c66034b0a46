// Each view's script registers one function under `window.gradlabViews`: the output's HTML calls it with
// the id of its container, and it reads the view's data from the JSON script beside the container.
declare global {
  interface Window {
    gradlabViews?: Record<string, (id: string) => void>;
  }
}

export function defineView<T>(name: string, init: (root: HTMLElement, data: T) => void): void {
  window.gradlabViews ??= {};
  window.gradlabViews[name] = (id) => {
    const root = document.getElementById(id);
    const json = document.getElementById(`${id}-data`)?.textContent;
    if (!root || json == null) return; // the output was replaced before its script ran
    init(root, JSON.parse(json) as T);
  };
}
