from django.urls import path

from members.views import batch, honors, imports, photos, posts, registry, transfers, worklists

app_name = "members"

urlpatterns = [
    path("members/", registry.member_list, name="list"),
    path("members/new/", registry.member_create, name="create"),
    path("members/export/", registry.member_export, name="export"),
    path("members/export/roster/", registry.roster_export, name="roster_export"),
    path("members/roster/print/", registry.roster_print, name="roster_print"),
    # 批量: the rows ticked on the list, or every member its filter matches (POST only).
    path("members/batch/", batch.batch, name="batch"),
    path("members/<int:pk>/", registry.member_detail, name="detail"),
    path("members/<int:pk>/edit/", registry.member_edit, name="edit"),
    path("members/<int:pk>/status/", registry.member_status, name="status"),
    path("members/<int:pk>/print/", registry.member_print, name="print"),
    # 组织关系转接: out (介绍信 and 回执), in, and within the county's committees.
    path("members/<int:pk>/transfer-out/", transfers.transfer_out, name="transfer_out"),
    path("members/<int:pk>/transfer-in/", transfers.transfer_in, name="transfer_in"),
    path("members/transfers/", transfers.transfer_list, name="transfer_list"),
    path("members/transfers/in/", transfers.transfer_in_new, name="transfer_in_new"),
    # 失联 (条例 第二十四条), 应转尽转 (2024 意见), 流动党员活动证.
    path("members/lost/", worklists.lost_list, name="lost_list"),
    path("members/lapse-warnings/", worklists.lapse_list, name="lapse_list"),
    path("members/relations-to-move/", worklists.should_transfer_list, name="should_transfer_list"),
    path("members/certificates/", worklists.certificate_list, name="certificate_list"),
    path("members/<int:pk>/search/", worklists.contact_attempt_create, name="contact_attempt_create"),
    path("members/<int:pk>/certificate/", worklists.certificate_issue, name="certificate_issue"),
    path("members/certificates/<int:pk>/print/", worklists.certificate_print, name="certificate_print"),
    path("members/transfers/<int:pk>/", transfers.transfer_detail, name="transfer_detail"),
    path("members/transfers/<int:pk>/receipt/", transfers.transfer_receipt, name="transfer_receipt"),
    path("members/transfers/<int:pk>/confirm/", transfers.transfer_confirm, name="transfer_confirm"),
    path("members/transfers/<int:pk>/cancel/", transfers.transfer_cancel, name="transfer_cancel"),
    path("members/transfers/<int:pk>/letter/", transfers.transfer_letter, name="transfer_letter"),
    path("members/transfers/<int:pk>/letter.docx", transfers.transfer_docx, name="transfer_docx"),
    path("members/<int:pk>/photo/", photos.photo, name="photo"),
    path("members/<int:pk>/photo/upload/", photos.photo_upload, name="photo_upload"),
    # The full 公民身份号码, for roles with the right; every reveal is logged.
    path("members/<int:pk>/id-number/", registry.reveal_id_number, name="reveal_id_number"),
    # 支部职务 and 表彰: kept on the pages by the committee and the branch (no longer admin-only).
    path("members/posts/", posts.post_list, name="post_list"),
    path("members/posts/new/", posts.post_create, name="post_create"),
    path("members/posts/<int:pk>/edit/", posts.post_update, name="post_update"),
    path("members/posts/<int:pk>/end/", posts.post_end, name="post_end"),
    path("members/honours/", honors.honor_list, name="honor_list"),
    path("members/honours/new/", honors.honor_create, name="honor_create"),
    path("members/honours/<int:pk>/edit/", honors.honor_update, name="honor_update"),
    path("members/honours/<int:pk>/delete/", honors.honor_delete, name="honor_delete"),
    path("imports/", imports.import_centre, name="import_centre"),
    path("imports/template/", imports.import_template, name="import_template"),
    path("imports/<int:pk>/", imports.import_preview, name="import_preview"),
    path("imports/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/progress/", imports.import_progress, name="import_progress"),
]
