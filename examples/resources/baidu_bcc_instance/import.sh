# Import an instance by its ID, as shown in the Baidu Cloud console.
terraform import baidu_bcc_instance.web i-YufwpQAe
