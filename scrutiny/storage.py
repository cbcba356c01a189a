from whitenoise.storage import CompressedManifestStaticFilesStorage

# GOV.UK Frontend's footer styles name the crest for a copyright logo this site
# never shows; the crest belongs to GOV.UK's domain, so it is not shipped.
UNSHIPPED = ("govuk-crest.svg",)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files that tolerate references to unshipped images."""

    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)

        def convert_or_leave(match):
            if match.group("url").endswith(UNSHIPPED):
                return match.group(0)
            return convert(match)

        return convert_or_leave
