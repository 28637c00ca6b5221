"""The guide site's generated pages (issue 4): one module per page type, rendered through
jinja2 templates in templates/guides/ and templates/pages/ by builder.guide_site."""
