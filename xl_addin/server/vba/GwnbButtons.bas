Attribute VB_Name = "GwnbButtons"
' nianbao: the one ribbon callback of the VBA variant of the workbook (.xlsm).
'
' Every button in customUI/customUI14.xml has onAction="GwnbButton" and carries the name
' of the server script in its tag (validate, clear_marks, generate_report,
' generate_description), so this module never changes when a button is added.
'
' Needs the xlwings VBA modules of the SAME xlwings version as the server
' (nianbao addin-vba exports them): xlwings.bas, Dictionary.cls, Remote.bas,
' IWebAuthenticator.cls, WebClient.cls, WebRequest.cls, WebResponse.cls, WebHelpers.bas.
'
' Settings come from the (very hidden) sheet "xlwings.conf" of this workbook, column A
' key, column B value (xlwings GetConfig): GWNB_URL (server address, no trailing slash),
' AUTH (access token), TIMEOUT (ms), EXCLUDE (xlwings.conf itself).
'
' The template's sheets are protected without a password; the server's answer colours
' cells and writes the results sheet, which a protected sheet refuses. So the sheets are unprotected
' for the call and protected again afterwards with the same options.
' Keep this file ASCII: VBA imports .bas files in the system code page, so Chinese messages
' are written as Unicode code points and decoded by Zh().
Option Explicit

Public Sub GwnbButton(control As IRibbonControl)
    Dim baseUrl As String
    baseUrl = GetConfig("GWNB_URL", "")
    If Len(baseUrl) = 0 Then
        ' "the workbook lacks the server address (GWNB_URL in the hidden sheet xlwings.conf)"
        MsgBox Zh("5DE5 4F5C 7C3F 7F3A 5C11 670D 52A1 5668 5730 5740 FF08 9690 85CF 7684 0020 0078 006C 0077 0069 006E 0067 0073 002E 0063 006F 006E 0066 0020 5DE5 4F5C 8868 4E2D 7684 0020 0047 0057 004E 0042 005F 0055 0052 004C FF09 FF0C 8BF7 8054 7CFB 53BF 7EA7 4FE1 606F 5316 7BA1 7406 5458 3002"), vbExclamation
        Exit Sub
    End If
    If Right(baseUrl, 1) = "/" Then baseUrl = Left(baseUrl, Len(baseUrl) - 1)

    Dim wb As Workbook, ws As Worksheet, states As Collection
    Set wb = ActiveWorkbook
    Set states = New Collection
    For Each ws In wb.Worksheets
        If ws.ProtectContents Then
            With ws.Protection
                states.Add Array(ws.Name, .AllowFormattingColumns, .AllowFormattingRows, _
                                 .AllowInsertingRows, .AllowDeletingRows)
            End With
            On Error Resume Next
            ws.Unprotect
            On Error GoTo 0
        End If
    Next ws

    Dim msg As String
    On Error GoTo Failed
    RunServerPython baseUrl & "/xlwings/custom-scripts-call/" & control.Tag
    On Error GoTo 0
    RestoreProtection wb, states
    Exit Sub
Failed:
    msg = Zh("6309 94AE 8FD0 884C 51FA 9519 FF1A") & Err.Description & " (" & Err.Number & ")"
    Resume AfterError
AfterError:
    RestoreProtection wb, states
    MsgBox msg, vbExclamation
End Sub

Private Sub RestoreProtection(wb As Workbook, states As Collection)
    Dim s As Variant
    On Error Resume Next
    For Each s In states
        wb.Worksheets(s(0)).Protect AllowFormattingColumns:=s(1), AllowFormattingRows:=s(2), _
                                    AllowInsertingRows:=s(3), AllowDeletingRows:=s(4)
    Next s
End Sub

Private Function Zh(codes As String) As String
    ' Unicode code points (hex, space separated) -> text.
    Dim part As Variant
    For Each part In Split(codes, " ")
        Zh = Zh & ChrW(CLng("&H" & part))
    Next part
End Function
