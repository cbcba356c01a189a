"""A tagged PDF's pages added after another's: the tags joined, or left out if they cannot be."""

import io
import logging
from datetime import date

from pypdf import PdfReader, PdfWriter

from recommendations.paper.content import DecisionEntry, MembersDecisions
from recommendations.paper.pdf import decisions_pdf
from recommendations.paper.tagged_pages import ID_PREFIX, append_tagged_pages


def decisions(count: int) -> bytes:
    entries = [
        DecisionEntry(n, "Complete", "Agreed complete", "Complete", "") for n in range(count)
    ]
    return decisions_pdf(MembersDecisions(date(2008, 3, 6), entries))


def untagged_page() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_each_added_page_has_its_own_key_mapping_to_copied_elements_on_it():
    first, then = decisions(3), decisions(80)  # one page, then several
    reader = PdfReader(io.BytesIO(append_tagged_pages(first, then)))
    assert len(reader.pages) > 2
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    nums = tree["/ParentTree"]["/Nums"]
    entries = dict(zip(nums[::2], nums[1::2], strict=True))
    assert [page["/StructParents"] for page in reader.pages] == list(range(len(reader.pages)))
    assert tree["/ParentTreeNextKey"] == len(reader.pages)
    for page in reader.pages[1:]:
        elements = entries[page["/StructParents"]].get_object()
        pages = {element.get_object().raw_get("/Pg").idnum for element in elements}
        assert pages == {page.indirect_reference.idnum}


def test_the_added_elements_hang_under_the_first_files_document():
    reader = PdfReader(io.BytesIO(append_tagged_pages(decisions(3), decisions(3))))
    [document] = reader.trailer["/Root"]["/StructTreeRoot"]["/K"]
    kids = [kid.get_object() for kid in document.get_object()["/K"]]
    headings = [kid for kid in kids if kid["/S"] == "/H1"]
    assert [heading["/T"] for heading in headings] == ["Members' decisions"] * 2
    assert all(kid.raw_get("/P").idnum == document.idnum for kid in kids)


def test_the_added_ids_are_kept_apart_and_the_id_tree_stays_sorted():
    reader = PdfReader(io.BytesIO(append_tagged_pages(decisions(3), decisions(3))))
    names = reader.trailer["/Root"]["/StructTreeRoot"]["/IDTree"]["/Names"][::2]
    assert names == sorted(names)
    assert len([name for name in names if name.startswith(ID_PREFIX)]) == 4  # four header cells
    assert len(names) == len(set(names)) == 8


def test_a_file_without_a_tag_tree_gets_the_pages_untagged(caplog):
    with caplog.at_level(logging.WARNING):
        content = append_tagged_pages(untagged_page(), decisions(3))
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 2
    assert "Members' decisions" in reader.pages[1].extract_text()
    assert "tags were left out" in caplog.text
