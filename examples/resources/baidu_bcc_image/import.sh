# Import a custom image by its ID, followed by the instance (or snapshot) it
# was made from: Baidu does not report an image's source, and without it the
# configuration's instance_id would plan a replacement.
terraform import baidu_bcc_image.golden m-nky7qeom:i-YufwpQAe
