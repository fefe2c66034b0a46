// `await input(prompt)`: an input_request on the stdin channel to the front end that ran the cell.
import type { Message } from "./wire";

export class StdinUnavailable extends Error {
  override name = "StdinNotImplementedError";
  constructor() {
    super("input() needs a front end that allows stdin (this request set allow_stdin to false)");
  }
}

type SendRequest = (content: { prompt: string; password: boolean }, parent: Message) => void;

export class Stdin {
  private waiting: ((value: string) => void) | undefined;

  constructor(
    private readonly sendRequest: SendRequest,
    private readonly parent: () => Message | undefined,
  ) {}

  ask(prompt = "", password = false): Promise<string> {
    const parent = this.parent();
    if (!parent || parent.content.allow_stdin === false) return Promise.reject(new StdinUnavailable());
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.sendRequest({ prompt, password }, parent);
    });
  }

  /** input_reply from the front end. */
  handleReply(msg: Message): void {
    const done = this.waiting;
    this.waiting = undefined;
    done?.(String(msg.content.value ?? ""));
  }
}
