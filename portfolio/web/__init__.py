"""The local web page (`portfolio serve`): Starlette, Jinja and a vendored htmx over the library; needs the
'web' extra."""
