{%- if cookiecutter._sdks[cookiecutter.sdk].widgets -%}
{% include "widgets/emulator.js" %}
{%- else -%}
{% include "livechat/emulator.js" %}
{%- endif %}