"""jupyter_kernel_test (the official conformance suite) for the gradlab kernel.

Run by conformance.test.ts with JUPYTER_PATH pointing at a freshly installed kernelspec.
"""
import unittest

import jupyter_kernel_test


class GradlabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "gradlab"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("oops")'

    completion_samples = [
        {"text": "const zzzAlpha = 1, zzzBeta = 2;\nzzzA", "matches": {"zzzAlpha"}},
        {"text": "Math.PI.toFix", "matches": {"toFixed"}},
    ]

    complete_code_samples = ["1 + 1", "const x = 5;", "function f() { return 1; }"]
    incomplete_code_samples = ["function f() {", "const a = [1,", "if (true) {"]
    invalid_code_samples = ["const = 5;", "1 +* 2"]

    # IPython's `name?`: the documentation goes to the pager
    code_page_something = "Math.max?"

    code_generate_error = 'throw new Error("boom")'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"a" + "b"', "result": "'ab'"},
        {"code": "[1, 2, 3].map((x) => x * 2)", "result": "[ 2, 4, 6 ]"},
        {"code": "({ [Symbol.for('Jupyter.display')]: () => ({ 'text/html': '<b>x</b>' }) })", "mime": "text/html", "result": "<b>x</b>"},
    ]

    code_display_data = [
        {"code": 'display.html("<b>bold</b>")', "mime": "text/html"},
        {"code": 'display.markdown("# title")', "mime": "text/markdown"},
        {"code": 'display.svg("<svg xmlns=\'http://www.w3.org/2000/svg\'></svg>")', "mime": "image/svg+xml"},
        {"code": "display.json({ a: 1 })", "mime": "application/json"},
        {"code": "display(42)", "mime": "text/plain"},
    ]

    code_history_pattern = "6 * *"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"

    code_clear_output = "clearOutput()"

    # jupyter_kernel_test checks language_info's name and file_extension only: the highlighting modes here
    def test_gradlab_highlighting_modes(self):
        self.flush_channels()
        msg_id = self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=jupyter_kernel_test.TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        info = reply["content"]["language_info"]
        self.assertEqual(info["codemirror_mode"], {"name": "javascript", "typescript": True})
        self.assertEqual(info["pygments_lexer"], "typescript")
        # a lexer by that name exists, so nbconvert and Sphinx can highlight saved notebooks
        from pygments.lexers import get_lexer_by_name

        self.assertEqual(get_lexer_by_name(info["pygments_lexer"]).name, "TypeScript")


if __name__ == "__main__":
    unittest.main()
